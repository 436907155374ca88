"""Which intents the skill's handlers really answer: probe can_handle in every flow, and read the intent names."""

from __future__ import annotations

import ast
import inspect

FLOWS = (None, "therapy", "routine", "screening", "forget")
CATCH_ALLS = ("FallbackHandler", "UnknownRequestHandler")


def _handler_input(intent: str, flow: str | None):
    from ask_sdk_core.attributes_manager import AttributesManager
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import Application, Context, Intent, IntentRequest, RequestEnvelope, Session, User
    from ask_sdk_model.interfaces.system import SystemState

    application, user = Application(application_id="amzn1.ask.skill.probe"), User(user_id="probe")
    envelope = RequestEnvelope(
        version="1.0",
        session=Session(new=False, session_id="probe", application=application, user=user,
                        attributes={"flow": flow} if flow else {}),
        context=Context(system=SystemState(application=application, user=user)),
        request=IntentRequest(request_id="probe", locale="en-US", intent=Intent(name=intent, slots={})))
    manager = AttributesManager(envelope, persistence_adapter=_EmptyStore())
    return HandlerInput(request_envelope=envelope, attributes_manager=manager)


class _EmptyStore:
    """A persistence adapter for probing: a new user with nothing stored, and nothing saved."""

    def get_attributes(self, request_envelope):
        return {}

    def save_attributes(self, request_envelope, attributes):
        return None

    def delete_attributes(self, request_envelope):
        return None


def _can_handle(handler, handler_input) -> bool:
    try:
        return bool(handler.can_handle(handler_input))
    except Exception:  # a can_handle that needs more than a bare intent does not count as answering it
        return False


def handled_intents(intents, handlers=None) -> set[str]:
    """The INTENTS that some handler other than the catch-alls can_handle, in at least one flow."""
    if handlers is None:
        from skill.handlers import HANDLERS as handlers
    handled = set()
    for intent in intents:
        for flow in FLOWS:
            first = next((h for h in handlers if _can_handle(h, _handler_input(intent, flow))), None)
            if first is not None and (type(first).__name__ not in CATCH_ALLS or intent == "AMAZON.FallbackIntent"):
                handled.add(intent)
                break
    return handled


def named_intents(handlers=None) -> set[str]:
    """Intent names written as string literals in the handler modules (what the code claims to handle)."""
    if handlers is None:
        from skill.handlers import HANDLERS as handlers
    modules = {inspect.getmodule(type(h)) for h in handlers}
    names = set()
    for module in modules:
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and _looks_like_intent(node.value):
                names.add(node.value)
    return names


def _looks_like_intent(text: str) -> bool:
    body = text[len("AMAZON."):] if text.startswith("AMAZON.") else text
    return body.endswith("Intent") and body.isidentifier() and body[:1].isupper()
