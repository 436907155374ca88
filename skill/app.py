"""The webhook: create_app() -> Flask with POST / (Alexa, verified) and GET /healthz."""

from __future__ import annotations

import concurrent.futures
import contextvars
import json
import logging
import time

from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

import content
from skill import __version__, deadline
from skill.apology import apology, describe
from skill.config import Settings
from skill.render import collected_keys
from skill.tracing import where
from skill.verify import VerificationError, make_verifier, parse_body

log = logging.getLogger("spasm_coach.request")
ANSWER_RESERVE = 0.25         # seconds kept, at the end of the budget, to render and send the fallback
DISPATCH_WORKERS = 32         # threads that run the skill; more than waitress's, so stuck calls do not starve it


def create_app(settings: Settings | None = None, *, skill=None) -> Flask:
    """The Flask application for SETTINGS (default: from the environment), dispatching to SKILL."""
    settings = settings or Settings.from_env()
    if skill is None:
        from skill.builder import build_skill

        skill = build_skill(settings)
    verifier = make_verifier(settings)
    content.get()  # loaded and validated now: a broken catalogue stops the start, not a user's first request
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    workers = deadline.Workers(DISPATCH_WORKERS)
    app.extensions["spasm_coach"] = {"settings": settings, "skill": skill, "verifier": verifier,
                                     "workers": workers}

    def dispatch(envelope: dict, body: bytes) -> tuple[dict, list[str]]:
        if deadline.current() is not None and deadline.current().remaining() <= ANSWER_RESERVE:
            raise deadline.DeadlineExceeded("the request waited too long for a dispatch thread")
        serializer = skill.serializer
        if hasattr(serializer, "deserialize_object"):  # skill.serializer.EnvelopeSerializer: no second parse
            request_envelope = serializer.deserialize_object(envelope, RequestEnvelope)
        else:
            request_envelope = serializer.deserialize(body.decode("utf-8"), RequestEnvelope)
        response = skill.invoke(request_envelope=request_envelope, context=None)
        return serializer.serialize(response), collected_keys()

    def answer(envelope: dict, body: bytes, budget: deadline.Deadline) -> tuple[dict, list[str]]:
        """The skill's answer, or the spoken fallback when it is not ready ANSWER_RESERVE before the deadline.
        The skill runs on a worker thread with the request's context (deadline included); when it overruns, the
        deadline is abandoned, so the late work starts no further store or API call."""
        context = contextvars.copy_context()   # a fresh context per request: keys and deadline never leak
        future = workers.submit(context.run, dispatch, envelope, body)
        try:
            return future.result(timeout=max(0.0, budget.remaining() - ANSWER_RESERVE))
        except concurrent.futures.TimeoutError:
            budget.abandon()
            log.error("deadline exceeded: type=%s intent=%s after %.2f s; answered with the fallback",
                      *describe(envelope), budget.elapsed())
            return apology(envelope)

    @app.post("/")
    def alexa() -> Response:
        started = time.perf_counter()
        kind, intent, status = "-", "-", 200
        budget = deadline.Deadline(settings.request_budget)
        token = deadline.activate(budget)   # the certificate fetch counts too; reset below (threads are reused)
        try:
            try:
                body = request.get_data(cache=False)
                envelope = verifier.verify(request.headers, body) if verifier else parse_body(body)
            except (VerificationError, HTTPException):
                raise
            except Exception as error:  # a bug in verification fails closed, without the body in the log
                log.error("verification error: %s at %s", type(error).__name__, where(error))
                raise VerificationError("request could not be verified") from None
            kind, intent = describe(envelope)
            try:
                payload, keys = answer(envelope, body, budget)
            except Exception as error:
                # The request is Alexa's: it gets an Alexa answer, never a 500. Type and place only: the
                # message of an SDK or handler error can quote the body, slot values or session attributes.
                log.error("dispatch error: type=%s intent=%s %s at %s", kind, intent, type(error).__name__,
                          where(error))
                payload, keys = apology(envelope)
            result = Response(_json(payload, envelope), mimetype="application/json")
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
        finally:
            deadline.deactivate(token)
            if log.isEnabledFor(logging.INFO):
                log.info("request type=%s intent=%s status=%d ms=%.1f", kind, intent, status,
                         (time.perf_counter() - started) * 1000)

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok", version=__version__)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _error(error.code or 500, error.name)

    return app


def _json(payload: dict, envelope: dict) -> str:
    """The answer as strict JSON: a NaN or Infinity anywhere (never valid JSON) turns it into the apology."""
    try:
        return json.dumps(payload, separators=(",", ":"), allow_nan=False)
    except ValueError:
        log.error("answer held a non-finite number: type=%s intent=%s; answered with the apology", *describe(envelope))
        return json.dumps(apology(envelope)[0], separators=(",", ":"), allow_nan=False)


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response
