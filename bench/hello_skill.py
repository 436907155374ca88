"""A minimal hello-world ask-sdk-core skill, served like ours (Flask under waitress) but with no checks."""

from __future__ import annotations

import argparse
import sys

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder


class HelloHandler(AbstractRequestHandler):
    """Answers every request with one line and a reprompt."""

    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Hello from the benchmark.").ask("Say hello.").response


def build():
    """The hello-world skill."""
    builder = CustomSkillBuilder()
    builder.add_request_handler(HelloHandler())
    return builder.create()


def create_app():
    """A Flask app: POST / deserialises, invokes and serialises, nothing else."""
    import json

    from ask_sdk_model import RequestEnvelope
    from flask import Flask, Response, request

    skill = build()
    app = Flask(__name__)

    @app.post("/")
    def alexa():
        envelope = skill.serializer.deserialize(request.get_data(as_text=True), RequestEnvelope)
        payload = skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=None))
        return Response(json.dumps(payload), mimetype="application/json")

    return app


def main() -> int:
    from waitress.server import create_server

    from skill.serve import default_threads

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = create_server(create_app(), host="127.0.0.1", port=args.port, threads=default_threads())
    print(f"hello listening on http://127.0.0.1:{server.effective_port}", flush=True)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
