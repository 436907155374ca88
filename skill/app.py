"""The webhook: create_app() -> Flask with POST / (Alexa, verified) and GET /healthz."""

from __future__ import annotations

import contextvars
import json
import logging
import time

from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.exceptions import AskSdkException
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from skill import __version__
from skill.config import Settings
from skill.verify import VerificationError, make_verifier, parse_body

log = logging.getLogger("spasm_coach.request")


def _collected_keys() -> list[str]:
    """The response keys the renderer recorded in this context (empty if the renderer is not there)."""
    try:
        from skill import render
    except ImportError:
        return []
    collect = getattr(render, "collected_keys", None)
    return list(collect()) if collect else []


def _describe(envelope: dict) -> tuple[str, str]:
    req = envelope.get("request") or {}
    intent = req.get("intent") if isinstance(req.get("intent"), dict) else {}
    return str(req.get("type", "-"))[:60], str(intent.get("name", "-"))[:60]


def create_app(settings: Settings | None = None, *, skill=None) -> Flask:
    """The Flask application for SETTINGS (default: from the environment), dispatching to SKILL."""
    settings = settings or Settings.from_env()
    if skill is None:
        from skill.builder import build_skill

        skill = build_skill(settings)
    verifier = make_verifier(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["spasm_coach"] = {"settings": settings, "skill": skill, "verifier": verifier}

    def dispatch(body: bytes) -> tuple[dict, list[str]]:
        envelope = skill.serializer.deserialize(body.decode("utf-8"), RequestEnvelope)
        response = skill.invoke(request_envelope=envelope, context=None)
        return skill.serializer.serialize(response), _collected_keys()

    @app.post("/")
    def alexa() -> Response:
        started = time.perf_counter()
        kind, intent, status = "-", "-", 200
        try:
            body = request.get_data(cache=False)
            envelope = verifier.verify(request.headers, body) if verifier else parse_body(body)
            kind, intent = _describe(envelope)
            try:
                # A fresh context per request, so the renderer's collected keys never leak between requests.
                payload, keys = contextvars.copy_context().run(dispatch, body)
            except AskSdkException as error:
                raise VerificationError(f"request rejected by the SDK ({str(error)[:60]})") from None
            result = Response(json.dumps(payload, separators=(",", ":")), mimetype="application/json")
            if settings.loopback_dev:
                result.headers["X-Spasm-Response-Keys"] = ",".join(keys)
            return result
        except VerificationError as error:
            status = 400
            log.warning("rejected status=400 reason=%s", error)
            return _error(400, str(error))
        except HTTPException as error:
            status = error.code or 400
            return _error(status, error.description or error.name)
        except Exception:
            status = 500
            log.exception("internal error while answering type=%s intent=%s", kind, intent)
            return _error(500, "internal error")
        finally:
            log.info("request type=%s intent=%s status=%d ms=%.1f", kind, intent, status,
                     (time.perf_counter() - started) * 1000)

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok", version=__version__)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _error(error.code or 500, error.name)

    return app


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response
