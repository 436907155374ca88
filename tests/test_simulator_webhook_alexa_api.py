"""The emulated Alexa API over real HTTP: Timers rules, the virtual clock, progressive responses."""

import datetime as dt

import pytest
import requests

from simulator.alexa_api import AlexaApi, VirtualClock

TOKEN = "tok-123"


def timer(duration="PT10M", label=None, op="ANNOUNCE", text="Take the ice pack off now."):
    operation = {"type": op}
    if op == "ANNOUNCE":
        operation["textToAnnounce"] = [{"locale": "en-US", "text": text}]
    if op == "LAUNCH_TASK":
        operation["textToConfirm"] = [{"locale": "en-US", "text": "Time is up. Would you like to %s?"}]
        operation["task"] = {"name": "AMAZON.ContinueTherapy", "version": "1", "input": {}}
    body = {"duration": duration, "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
            "triggeringBehavior": {"operation": operation, "notificationConfig": {"playAudible": True}}}
    if label is not None:
        body["timerLabel"] = label
    return body


@pytest.fixture
def api():
    state = {"granted": True}
    clock = VirtualClock(speed=0)
    a = AlexaApi(clock, token=TOKEN, granted=lambda: state["granted"])
    a.state = state
    a.url = a.start()
    yield a
    a.stop()


def call(api, method, path, body=None, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, api.url + path, json=body, headers=headers, timeout=5)


def test_create_get_list_and_delete_a_timer(api):
    r = call(api, "POST", "/v1/alerts/timers", timer("PT15M", "ice"))
    assert r.status_code == 200
    created = r.json()
    assert created["status"] == "ON" and created["duration"] == "PT15M" and created["timerLabel"] == "ice"
    assert call(api, "GET", f"/v1/alerts/timers/{created['id']}").json()["id"] == created["id"]
    listed = call(api, "GET", "/v1/alerts/timers").json()
    assert listed["totalCount"] == 1
    assert call(api, "DELETE", f"/v1/alerts/timers/{created['id']}").status_code == 200
    assert call(api, "GET", f"/v1/alerts/timers/{created['id']}").status_code == 404
    assert call(api, "GET", "/v1/alerts/timers").json()["totalCount"] == 0


@pytest.mark.parametrize("body,code", [
    (timer("PT2H1M"), "INVALID_DURATION"), (timer("PT3H"), "INVALID_DURATION"), (timer("ten minutes"), "INVALID_DURATION"),
    (timer(label="x" * 257), "INVALID_TIMER_LABEL"), (timer(op="SHOUT"), "INVALID_REQUEST"), ([1, 2], "INVALID_REQUEST"),
])
def test_payloads_alexa_refuses_get_400(api, body, code):
    r = call(api, "POST", "/v1/alerts/timers", body)
    assert r.status_code == 400 and r.json()["code"] == code and r.json()["message"]


def test_two_hours_exactly_and_a_256_character_label_are_fine(api):
    assert call(api, "POST", "/v1/alerts/timers", timer("PT2H", "y" * 256)).status_code == 200


def test_labels_must_be_unique(api):
    assert call(api, "POST", "/v1/alerts/timers", timer(label="ice")).status_code == 200
    r = call(api, "POST", "/v1/alerts/timers", timer(label="ice"))
    assert r.status_code == 400 and "already" in r.json()["message"]


def test_at_most_ten_timers(api):
    for i in range(10):
        assert call(api, "POST", "/v1/alerts/timers", timer(label=f"t{i}")).status_code == 200
    r = call(api, "POST", "/v1/alerts/timers", timer(label="eleventh"))
    assert r.status_code == 400 and r.json()["code"] == "MAX_TIMERS_REACHED"


def test_401_without_the_permission_or_with_a_wrong_token(api):
    assert call(api, "POST", "/v1/alerts/timers", timer(), token="wrong").status_code == 401
    assert call(api, "GET", "/v1/alerts/timers", token=None).status_code == 401
    api.state["granted"] = False
    assert call(api, "POST", "/v1/alerts/timers", timer()).status_code == 401


def test_pause_and_resume_keep_the_remaining_time(api):
    t = call(api, "POST", "/v1/alerts/timers", timer("PT10M")).json()
    api.clock.advance(240)
    assert call(api, "POST", f"/v1/alerts/timers/{t['id']}/pause").status_code == 200
    paused = call(api, "GET", f"/v1/alerts/timers/{t['id']}").json()
    assert paused["status"] == "PAUSED" and paused["remainingTimeWhenPaused"] == "PT6M"
    assert call(api, "POST", f"/v1/alerts/timers/{t['id']}/pause").status_code == 400
    api.clock.advance(3600)
    assert api.due() == []
    assert call(api, "POST", f"/v1/alerts/timers/{t['id']}/resume").status_code == 200
    assert call(api, "POST", f"/v1/alerts/timers/{t['id']}/resume").status_code == 400
    api.clock.advance(359)
    assert api.due() == []
    api.clock.advance(1)
    assert [f.text for f in api.due()] == ["Take the ice pack off now."]


def test_timers_fire_in_order_on_the_virtual_clock(api):
    call(api, "POST", "/v1/alerts/timers", timer("PT20M", "b", text="Heat off."))
    call(api, "POST", "/v1/alerts/timers", timer("PT5M", "a", text="Ice off."))
    call(api, "POST", "/v1/alerts/timers", timer("PT1H", "c", op="LAUNCH_TASK"))
    api.clock.advance(25 * 60)
    fired = api.due()
    assert [f.text for f in fired] == ["Ice off.", "Heat off."]
    assert fired[0].at < fired[1].at
    api.clock.advance(3600)
    (task,) = api.due()
    assert task.kind == "LAUNCH_TASK" and task.text == "Time is up. Would you like to continue with Spasm Coach?"
    assert task.task["name"] == "AMAZON.ContinueTherapy"


def test_clock_speed_moves_virtual_time():
    clock = VirtualClock(speed=600)
    start = clock.now()
    import time
    time.sleep(0.05)
    assert (clock.now() - start) >= dt.timedelta(seconds=25)


def test_progressive_response_directive(api):
    body = {"header": {"requestId": "req-1"}, "directive": {"type": "VoicePlayer.Speak", "speech": "<speak>One moment</speak>"}}
    for _ in range(5):
        assert call(api, "POST", "/v1/directives", body).status_code == 204
    assert call(api, "POST", "/v1/directives", body).status_code == 400
    assert call(api, "POST", "/v1/directives", {"directive": {}}).status_code == 400
    assert call(api, "POST", "/v1/directives", body, token="nope").status_code == 401
    assert api.progressive[0]["speech"] == "<speak>One moment</speak>"


def test_the_sdk_timer_client_talks_to_it(api):
    from ask_sdk_model.services import ApiConfiguration
    from ask_sdk_model.services.timer_management import TimerManagementServiceClient
    from ask_sdk_model.services.timer_management import (AnnounceOperation, CreationBehavior, DisplayExperience,
                                                         NotificationConfig, TextToAnnounce, TimerRequest,
                                                         TriggeringBehavior, Visibility)
    from ask_sdk_core.serialize import DefaultSerializer
    from skill.api_client import TimeoutApiClient

    config = ApiConfiguration(serializer=DefaultSerializer(), api_client=TimeoutApiClient(allow_loopback_http=True),
                              authorization_value=TOKEN, api_endpoint=api.url)
    client = TimerManagementServiceClient(config)
    request = TimerRequest(duration="PT15M", timer_label="ice",
                           creation_behavior=CreationBehavior(DisplayExperience(Visibility.VISIBLE)),
                           triggering_behavior=TriggeringBehavior(
                               operation=AnnounceOperation(text_to_announce=[TextToAnnounce("en-US", "Ice off.")]),
                               notification_config=NotificationConfig(play_audible=True)))
    created = client.create_timer(request)
    assert created.timer_label == "ice" and created.duration == "PT15M"
    assert client.get_timers().total_count == 1
    client.delete_timer(created.id)
    assert client.get_timers().total_count == 0
