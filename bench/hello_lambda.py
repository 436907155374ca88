"""The hello-world Lambda handler module that the import-time figure is compared with."""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder


class HelloHandler(AbstractRequestHandler):
    """Answers every request with one line."""

    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Hello.").response


sb = SkillBuilder()
sb.add_request_handler(HelloHandler())
handler = sb.lambda_handler()
