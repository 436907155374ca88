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


def create_app(handoff: bool = False):
    """A Flask app: POST / deserialises, invokes and serialises, nothing else. With HANDOFF, the skill runs on a
    worker thread the request thread waits for, as the webhook's deadline watchdog does (skill/app.py)."""
    import concurrent.futures
    import json

    from ask_sdk_model import RequestEnvelope
    from flask import Flask, Response, request

    skill = build()
    app = Flask(__name__)

    workers = concurrent.futures.ThreadPoolExecutor(max_workers=32) if handoff else None

    def dispatch(body: str) -> dict:
        envelope = skill.serializer.deserialize(body, RequestEnvelope)
        return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=None))

    @app.post("/")
    def alexa():
        body = request.get_data(as_text=True)
        payload = workers.submit(dispatch, body).result(timeout=6) if workers else dispatch(body)
        return Response(json.dumps(payload), mimetype="application/json")

    return app


def main() -> int:
    from waitress.server import create_server

    from skill.serve import default_threads

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--handoff", action="store_true", help="run the skill on a worker thread (as skill/app.py)")
    args = parser.parse_args()
    server = create_server(create_app(args.handoff), host="127.0.0.1", port=args.port, threads=default_threads())
    print(f"hello listening on http://127.0.0.1:{server.effective_port}", flush=True)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
