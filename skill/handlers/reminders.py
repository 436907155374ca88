"""Reminders: "remind me to do my stretches tomorrow at nine", list them, cancel them."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from skill.render import Reply

INTENTS = ("SetReminderIntent", "ListRemindersIntent", "CancelReminderIntent")


class ReminderIntentHandler(AbstractRequestHandler):
    """The reminder intents (the Reminders API comes next): say how to ask Alexa directly."""

    def can_handle(self, handler_input):
        return any(is_intent_name(name)(handler_input) for name in INTENTS)

    def handle(self, handler_input):
        return Reply(handler_input).say("reminders.not_yet").tell()


HANDLERS = [ReminderIntentHandler()]
