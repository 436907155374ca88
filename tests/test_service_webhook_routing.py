"""The router (skill/builder.py RoutedRequestMapper) picks the very handler the SDK's full registration list would:
every intent of the model in every conversation state of the turn matrix, and the other request types."""

import copy

import pytest
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper
from conftest import make_envelope

from skill import builder, turn_matrix
from skill.handlers import turns


@pytest.fixture
def compared(monkeypatch):
    """Every handler choice made through the router, next to the full list's: (request key, routed, full)."""
    seen = []
    routed_choice = builder.RoutedRequestMapper.get_request_handler_chain

    def both(self, handler_input):
        routed = routed_choice(self, handler_input)
        full = GenericRequestMapper.get_request_handler_chain(self, handler_input)
        request = handler_input.request_envelope.request
        key = (request.object_type, getattr(getattr(request, "intent", None), "name", None))
        seen.append((key, routed and type(routed.request_handler).__name__,
                     full and type(full.request_handler).__name__, len(self.route(request) or ())))
        return routed

    monkeypatch.setattr(builder.RoutedRequestMapper, "get_request_handler_chain", both)
    return seen


def _other_requests(player, attributes: dict) -> list[dict]:
    """Launch, session end, the AskFor answer, an unknown type and an IntentRequest without its intent, in the
    session of ATTRIBUTES."""
    events = [make_envelope("LaunchRequest", new=True),
              make_envelope("SessionEndedRequest", new=False, extra_request={"reason": "USER_INITIATED"}),
              make_envelope("Connections.Response", new=False,
                            extra_request={"name": "AskFor", "status": {"code": "200"},
                                           "payload": {"permissionScope": "alexa::alerts:timers:skill:readwrite",
                                                       "status": "ACCEPTED"}}),
              make_envelope("Alexa.Presentation.APL.UserEvent", new=False),
              make_envelope("IntentRequest", new=False)]
    for event in events:
        event["session"]["attributes"] = copy.deepcopy(attributes)
    return events


def test_every_intent_in_every_state_gets_the_handler_the_full_list_would_choose(compared):
    from ask_sdk_model import RequestEnvelope

    turn_matrix.build()                                   # every model intent x every conversation state
    player = turn_matrix.Player()
    for state in turns.STATES:
        attributes = player.reach(state)
        for event in _other_requests(player, attributes):
            request = player.skill.serializer.deserialize_object(event, RequestEnvelope)
            player.skill.invoke(request_envelope=request, context=None)
    intents = set(turn_matrix.model_intents())
    # each intent was dispatched, in every state above (one that stands for another, as that: turns.STANDS_FOR)
    assert {key[1] for key, _, _, _ in compared} >= {turns.STANDS_FOR.get(i, i) for i in intents}
    assert len(compared) > len(intents) * len(turns.STATES)
    assert [choice for choice in compared if choice[1] != choice[2]] == []
    # and the router did ask fewer handlers: at most a third of the list for a plain intent such as Help
    help_asked = {asked for key, _, _, asked in compared if key == ("IntentRequest", "AMAZON.HelpIntent")}
    assert max(help_asked) * 3 <= len(player.skill.request_dispatcher.request_mappers[0].request_handler_chains)


def test_the_comparison_catches_a_route_that_leaves_out_the_right_handler(compared, monkeypatch):
    """The check above can fail: a router that drops the help handler from the help intent's list is caught."""
    route = builder.RoutedRequestMapper.route

    def without_help(self, request):
        chains = route(self, request)
        return [c for c in chains if type(c.request_handler).__name__ != "HelpHandler"] if chains else chains

    monkeypatch.setattr(builder.RoutedRequestMapper, "route", without_help)
    player = turn_matrix.Player()
    player.play("AMAZON.HelpIntent", {}, {}, new=True)
    assert [(routed, full) for _, routed, full, _ in compared if routed != full] == [("FallbackHandler",
                                                                                     "HelpHandler")]
