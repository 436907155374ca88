"""The DynamoDB store against a real local endpoint (moto's server on loopback), through the whole skill."""

import json

import pytest

from conftest import SKILL_ID, USER_ID, make_envelope


@pytest.fixture(scope="module")
def dynamodb_endpoint():
    mp = pytest.MonkeyPatch()
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        mp.setenv(name, value)
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    mp.undo()


@pytest.fixture
def dynamo_settings(dynamodb_endpoint, settings, request):
    import boto3

    table = f"users-{request.node.name[:40]}".replace("[", "-").replace("]", "")
    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    client.get_waiter("table_exists").wait(TableName=table)
    return settings.replace(store="dynamodb", dynamodb_table=table, dynamodb_endpoint=dynamodb_endpoint,
                            aws_region="us-east-1")


def test_adapter_round_trip_over_http(dynamo_settings):
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from skill.persistence import make_persistence_adapter, user_key

    adapter = make_persistence_adapter(dynamo_settings)
    envelope = DefaultSerializer().deserialize(json.dumps(make_envelope()), RequestEnvelope)
    assert adapter.get_attributes(envelope) == {}
    adapter.save_attributes(envelope, {"first_seen": "2024-05-01T10:00:00Z",
                                       "therapy": {"today": {"date": "2024-05-01", "ice": 2}}})
    stored = adapter.get_attributes(envelope)
    assert stored["therapy"]["today"]["ice"] == 2
    import boto3

    item = boto3.resource("dynamodb", region_name="us-east-1", endpoint_url=dynamo_settings.dynamodb_endpoint) \
        .Table(dynamo_settings.dynamodb_table).get_item(Key={"id": user_key(envelope)})["Item"]
    assert USER_ID not in json.dumps(item, default=str)
    adapter.delete_attributes(envelope)
    assert adapter.get_attributes(envelope) == {}


def test_skill_on_dynamodb_remembers_and_forgets_a_user(dynamo_settings, dev_ca):
    from conftest import encode
    from skill.app import create_app

    client = create_app(dynamo_settings).test_client()

    def post(envelope):
        body = encode(envelope)
        return client.post("/", data=body, headers=dev_ca.sign(body))

    assert post(make_envelope()).headers["X-Spasm-Response-Keys"] == "frame.welcome.first"
    assert post(make_envelope()).headers["X-Spasm-Response-Keys"] == "frame.welcome.returning"
    asked = post(make_envelope("IntentRequest", intent="ForgetMeIntent"))
    post(make_envelope("IntentRequest", intent="AMAZON.YesIntent",
                       session_attributes=asked.get_json()["sessionAttributes"]))
    assert post(make_envelope()).headers["X-Spasm-Response-Keys"] == "frame.welcome.first"


def test_missing_table_gives_the_spoken_fallback(dynamo_settings, dev_ca):
    from conftest import encode
    from skill.app import create_app

    client = create_app(dynamo_settings.replace(dynamodb_table="no-such-table")).test_client()
    body = encode(make_envelope())
    response = client.post("/", data=body, headers=dev_ca.sign(body))
    assert response.status_code == 200
    assert response.headers["X-Spasm-Response-Keys"].startswith("frame.store_unavailable")
