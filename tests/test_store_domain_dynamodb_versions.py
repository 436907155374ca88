"""DynamoDB without lost updates and with bounds: conditional writes on a version attribute, re-read and merge on
a conflict (two devices never drop each other's timers), a client Config built at start-up, and an endpoint that
accepts and never answers costs a bounded time."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from conftest import USER_ID, make_envelope
from faults import FaultyEndpoint, Moto, aws_env
from skill.persistence import make_dynamodb_adapter, merge, user_key


@pytest.fixture(scope="module")
def moto():
    with aws_env():
        server = Moto()
        yield server
        server.stop()


@pytest.fixture
def dynamo(moto, settings):
    table = moto.table(f"versions-{uuid.uuid4().hex[:8]}")
    with aws_env():
        yield settings.replace(store="dynamodb", dynamodb_table=table, dynamodb_endpoint=moto.url,
                               aws_region="us-east-1")


def envelope():
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    return DefaultSerializer().deserialize(json.dumps(make_envelope()), RequestEnvelope)   # a new request id


def raw_item(settings):
    import boto3

    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=settings.dynamodb_endpoint)
    return client.get_item(TableName=settings.dynamodb_table, Key={"id": {"S": user_key(envelope())}}).get("Item")


def timer(n):
    return {"id": f"timer-{n}", "therapy": "ice", "phase": "ice", "ends_at": "2024-05-01T10:00:00Z"}


def test_two_devices_writing_at_once_keep_each_others_timers(dynamo):
    kitchen, bedroom = make_dynamodb_adapter(dynamo), make_dynamodb_adapter(dynamo)
    first = envelope()
    kitchen.save_attributes(first, {"first_seen": "2024-05-01T07:00:00Z", "therapy": {"active": [timer(0)]}})
    a, b = envelope(), envelope()
    seen_a, seen_b = kitchen.get_attributes(a), bedroom.get_attributes(b)      # both read version 1
    seen_b["therapy"]["active"].append(timer(2))                               # the bedroom adds a timer
    bedroom.save_attributes(b, seen_b)
    seen_a["therapy"]["active"].append(timer(1))                               # the kitchen adds another
    seen_a["therapy"]["today"] = {"date": "2024-05-01", "ice": 2}
    kitchen.save_attributes(a, seen_a)                                         # conflict: re-read, merge, retry
    stored = kitchen.get_attributes(envelope())
    assert [t["id"] for t in stored["therapy"]["active"]] == ["timer-0", "timer-2", "timer-1"]
    assert stored["therapy"]["today"] == {"date": "2024-05-01", "ice": 2}
    assert raw_item(dynamo)["version"] == {"N": "3"}


def test_a_timer_stopped_on_one_device_stays_stopped_when_the_other_adds_one(dynamo):
    one, two = make_dynamodb_adapter(dynamo), make_dynamodb_adapter(dynamo)
    one.save_attributes(envelope(), {"therapy": {"active": [timer(0), timer(1)]}})
    a, b = envelope(), envelope()
    seen_a, seen_b = one.get_attributes(a), two.get_attributes(b)
    seen_b["therapy"]["active"] = [t for t in seen_b["therapy"]["active"] if t["id"] != "timer-0"]   # stopped
    two.save_attributes(b, seen_b)
    seen_a["therapy"]["active"].append(timer(5))
    one.save_attributes(a, seen_a)
    assert [t["id"] for t in one.get_attributes(envelope())["therapy"]["active"]] == ["timer-1", "timer-5"]


def test_a_record_that_keeps_changing_is_refused_after_one_retry(dynamo, monkeypatch):
    from ask_sdk_core.exceptions import PersistenceException

    adapter, other = make_dynamodb_adapter(dynamo), make_dynamodb_adapter(dynamo)
    adapter.save_attributes(envelope(), {"n": 0})
    mine = envelope()
    seen = adapter.get_attributes(mine)
    real_put = adapter._put
    puts = []

    def racing_put(key, attributes, version):   # another device writes just before each of our writes
        other.save_attributes(envelope(), {"n": len(puts) + 100})
        puts.append(version)
        return real_put(key, attributes, version)

    monkeypatch.setattr(adapter, "_put", racing_put)
    seen["mine"] = True
    with pytest.raises(PersistenceException, match="kept changing"):
        adapter.save_attributes(mine, seen)
    assert len(puts) == 2                                   # the write and exactly one retry


def test_an_item_written_before_versions_is_read_and_updated(dynamo):
    import boto3

    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=dynamo.dynamodb_endpoint)
    client.put_item(TableName=dynamo.dynamodb_table, Item={   # the ask-sdk adapter's layout: no version
        "id": {"S": user_key(envelope())}, "attributes": {"M": {"first_seen": {"S": "2023-01-01T00:00:00Z"},
                                                                "n": {"N": "2"}}}})
    adapter = make_dynamodb_adapter(dynamo)
    request = envelope()
    record = adapter.get_attributes(request)
    assert record == {"first_seen": "2023-01-01T00:00:00Z", "n": 2}
    record["n"] = 3.5
    adapter.save_attributes(request, record)
    assert adapter.get_attributes(envelope()) == {"first_seen": "2023-01-01T00:00:00Z", "n": 3.5}
    assert raw_item(dynamo)["version"] == {"N": "1"}


def test_an_unchanged_record_is_not_written(dynamo):
    adapter = make_dynamodb_adapter(dynamo)
    adapter.save_attributes(envelope(), {"a": 1})
    request = envelope()
    adapter.save_attributes(request, adapter.get_attributes(request))
    assert raw_item(dynamo)["version"] == {"N": "1"}


def test_the_client_is_built_at_start_up_with_timeouts_and_bounded_retries(dynamo):
    adapter = make_dynamodb_adapter(dynamo.replace(store_timeout=0.8, store_attempts=2))
    config = adapter.client.meta.config
    assert config.connect_timeout == 0.4 and config.read_timeout == 0.8
    assert config.retries == {"total_max_attempts": 2, "mode": "standard"}


def test_an_endpoint_that_accepts_and_never_answers_costs_a_bounded_time(settings):
    from ask_sdk_core.exceptions import PersistenceException

    timeout = 0.15      # short, so the fast loop does not sit waiting: the bound is what is checked, not its size
    with aws_env(), FaultyEndpoint("silent") as endpoint:
        adapter = make_dynamodb_adapter(settings.replace(store="dynamodb", dynamodb_endpoint=endpoint.url,
                                                         aws_region="us-east-1", store_timeout=timeout))
        started = time.monotonic()
        with pytest.raises(PersistenceException, match="ReadTimeoutError"):
            adapter.get_attributes(envelope())
        elapsed = time.monotonic() - started
    # two attempts of a 0.15 s read and a short backoff (about 0.35 s), each waited out: not boto3's 240 s;
    # counted, and timed with the slack a slow, loaded machine needs
    assert endpoint.connections == 2, endpoint.connections
    assert 2 * timeout <= elapsed < 8.0, elapsed


def test_merge_rules():
    base = {"a": 1, "b": {"x": 1}, "gone": 1, "list": [1]}
    ours = {"a": 2, "b": {"x": 1, "y": 2}, "list": [1, 2]}                      # we changed a, added b.y, removed gone
    theirs = {"a": 1, "b": {"x": 5}, "gone": 1, "new": 1, "list": [3]}          # they changed b.x, added new
    assert merge(base, ours, theirs) == {"a": 2, "b": {"x": 5, "y": 2}, "new": 1, "list": [1, 2]}
    assert merge({}, {"k": 1}, {"k": 2, "j": 1}) == {"k": 1, "j": 1}           # a write without a read adds


def test_a_second_save_in_the_same_request_is_conditional_on_the_first_and_skipped_if_unchanged(dynamo):
    adapter = make_dynamodb_adapter(dynamo)
    request = envelope()
    record = adapter.get_attributes(request)
    record["therapy"] = {"active": [timer(1)]}
    adapter.save_attributes(request, record)                 # the timer, saved at once
    adapter.save_attributes(request, record)                 # the end of the request: nothing new, no write
    assert raw_item(dynamo)["version"] == {"N": "1"}
    record["first_seen"] = "2024-05-01T07:00:00Z"
    adapter.save_attributes(request, record)                 # something new: written on top of version 1
    assert raw_item(dynamo)["version"] == {"N": "2"}
    assert adapter.get_attributes(envelope()) == record


def test_once_the_store_failed_in_a_request_it_is_not_tried_again_in_that_request(settings):
    from ask_sdk_core.exceptions import PersistenceException

    timeout = 0.15
    with aws_env(), FaultyEndpoint("silent") as endpoint:
        adapter = make_dynamodb_adapter(settings.replace(store="dynamodb", dynamodb_endpoint=endpoint.url,
                                                         aws_region="us-east-1", store_timeout=timeout))
        request = envelope()
        with pytest.raises(PersistenceException):
            adapter.get_attributes(request)
        tried = endpoint.connections
        started = time.monotonic()
        with pytest.raises(PersistenceException, match="earlier in this request"):
            adapter.get_attributes(request)
        with pytest.raises(PersistenceException, match="earlier in this request"):
            adapter.save_attributes(request, {"a": 1})
        assert endpoint.connections == tried                # not one more connection
        assert time.monotonic() - started < 2 * timeout     # trying again costs two 0.15 s reads a call
        with pytest.raises(PersistenceException, match="ReadTimeoutError"):   # a new request tries again
            adapter.get_attributes(envelope())
