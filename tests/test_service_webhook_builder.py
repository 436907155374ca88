"""build_skill(settings, *, content=...): the content given is the one every handler and the renderer use."""

import content
from conftest import encode, make_envelope
from skill.app import create_app
from skill.builder import build_skill


def test_the_content_given_to_build_skill_reaches_the_handlers_and_the_renderer(settings, dev_ca):
    mine = content.load()
    mine.responses["frame.help"] = {**mine.responses["frame.help"], "speech": "Help from the content given."}
    mine.responses["therapy.evidence"] = {**mine.responses["therapy.evidence"], "speech": "Evidence given."}
    client = create_app(settings, skill=build_skill(settings, content=mine)).test_client()
    for intent, said in (("AMAZON.HelpIntent", "Help from the content given."), ("IceOrHeatIntent", "Evidence given.")):
        body = encode(make_envelope("IntentRequest", intent=intent))
        response = client.post("/", data=body, headers=dev_ca.sign(body), content_type="application/json")
        assert said in response.get_json()["response"]["outputSpeech"]["ssml"]
    assert "Help from the content given." not in content.get().responses["frame.help"]["speech"]
