"""The Alexa Timers API through ask-sdk-model's TimerManagementServiceClient, with its errors sorted for the caller."""

from __future__ import annotations

import datetime as dt
import logging

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_model.services import ServiceException

from skill.domain.clock import in_zone, utc
from skill.domain.therapy import duration_minutes
from skill.permissions import scope_granted

log = logging.getLogger("spasm_coach.timers")

TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"


class TimersError(Exception):
    """A Timers API call failed; KIND says what the person should hear: permission | rejected | unavailable."""

    def __init__(self, kind: str, status: int | None, message: str):
        super().__init__(f"{kind} ({status}): {message}")
        self.kind, self.status = kind, status


def granted(handler_input) -> bool:
    """True when the request says the person allowed this skill's timers."""
    return scope_granted(handler_input, TIMER_SCOPE, consent_alone=True)


class Timers:
    """create / list / delete the skill's timers; every answer also gives Alexa's time now (its Date header)."""

    def __init__(self, handler_input):
        factory = handler_input.service_client_factory
        system = getattr(getattr(getattr(handler_input, "request_envelope", None), "context", None), "system", None)
        reachable = system is None or (system.api_endpoint and system.api_access_token)
        self._client = factory.get_timer_management_service() if factory is not None and reachable else None
        # Alexa's time now is given on the device's clock, so a day counted from it is the person's own day.
        attributes = getattr(getattr(handler_input, "attributes_manager", None), "request_attributes", None) or {}
        zone = attributes.get("time_zone") if isinstance(attributes, dict) else None
        self._zone = zone if isinstance(zone, str) else None

    def _call(self, name: str, *args):
        if self._client is None:            # no API client, or a device whose request has no Alexa API endpoint
            raise TimersError("unavailable", None, "no Alexa API endpoint for this request")
        try:
            response = getattr(self._client, name)(*args, full_response=True)
        except ServiceException as error:
            raise _sorted(name, error) from None
        except (TypeError, ValueError, AskSdkException) as error:   # the SDK could not build or read the call
            log.warning("timers %s failed: %s", name, type(error).__name__)
            raise TimersError("unavailable", None, type(error).__name__) from None
        return response, in_zone(_server_now(response.headers), self._zone)

    def list(self) -> tuple[dict[str, dt.datetime | dt.timedelta], dt.datetime]:
        """{timer id: trigger time (running) or time left (paused)} of the skill's timers, and the time now."""
        live, _, now = self.listing()
        return live, now

    def listing(self) -> tuple[dict[str, dt.datetime | dt.timedelta], dict[str, str], dt.datetime]:
        """As list(), with {timer id: label} too (to find a timer of the skill's that its record missed)."""
        response, now = self._call("get_timers")
        live, labels = {}, {}
        for timer in (getattr(response.body, "timers", None) or []):
            status = getattr(timer.status, "value", timer.status)
            if status == "PAUSED":
                left = _seconds(timer.remaining_time_when_paused)
                if left is None and timer.trigger_time is not None:
                    left = max(0.0, (utc(timer.trigger_time) - now).total_seconds())
                live[timer.id] = dt.timedelta(seconds=left or 0)
            elif status == "ON" and timer.trigger_time is not None:
                live[timer.id] = utc(timer.trigger_time)
            if timer.id in live and timer.timer_label:
                labels[timer.id] = timer.timer_label
        return live, labels, now

    def pause(self, timer_id: str) -> dt.datetime:
        """Pause one running timer; the time now."""
        return self._call("pause_timer", timer_id)[1]

    def resume(self, timer_id: str) -> dt.datetime:
        """Resume one paused timer; the time now."""
        return self._call("resume_timer", timer_id)[1]

    def create(self, payload: dict) -> tuple[str, dt.datetime, dt.datetime]:
        """Create a timer from a plain payload (domain.therapy.timer_payload): (id, trigger time, now)."""
        response, now = self._call("create_timer", _timer_request(payload))
        body = response.body
        trigger = utc(body.trigger_time) if body.trigger_time else None
        if trigger is None:
            trigger = now + dt.timedelta(minutes=duration_minutes(payload["duration"]) or 0)
        return body.id, trigger, now

    def delete(self, timer_id: str) -> dt.datetime:
        """Delete one timer; a timer that is already gone (404) counts as deleted."""
        try:
            _, now = self._call("delete_timer", timer_id)
        except TimersError as error:
            if error.status != 404:
                raise
            now = in_zone(dt.datetime.now(dt.timezone.utc), self._zone)
        return now


def _timer_request(payload: dict):
    from ask_sdk_model.services.timer_management import (AnnounceOperation, CreationBehavior, DisplayExperience,
                                                         NotificationConfig, TextToAnnounce, TimerRequest,
                                                         TriggeringBehavior, Visibility)
    trig = payload["triggeringBehavior"]
    return TimerRequest(
        duration=payload["duration"], timer_label=payload["timerLabel"],
        creation_behavior=CreationBehavior(DisplayExperience(
            Visibility(payload["creationBehavior"]["displayExperience"]["visibility"]))),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation(text_to_announce=[TextToAnnounce(locale=t["locale"], text=t["text"])
                                                          for t in trig["operation"]["textToAnnounce"]]),
            notification_config=NotificationConfig(play_audible=trig["notificationConfig"]["playAudible"])))


def _sorted(name: str, error: ServiceException) -> TimersError:
    status = error.status_code
    detail = getattr(error.body, "message", None) or str(error)
    if status in (401, 403):
        kind = "permission"
    elif status is not None and 400 <= status < 500 and status != 429:   # 429: busy, try again later
        kind = "rejected"
        log.error("timers %s refused (%s): %s", name, status, detail)
    else:
        kind = "unavailable"
        log.warning("timers %s failed (%s): %s", name, status, detail)
    return TimersError(kind, status, detail)


def _seconds(duration: str | None) -> float | None:
    minutes = duration_minutes(duration) if duration not in (None, "PT0S") else (0.0 if duration else None)
    return None if minutes is None else minutes * 60


def _server_now(headers) -> dt.datetime:
    """Alexa's clock from the response's Date header; our own clock when there is none."""
    for key, value in headers or []:
        if key.lower() == "date":
            import email.utils   # here, not at import: it pulls socket, calendar and locale into every cold start

            try:
                return email.utils.parsedate_to_datetime(value).astimezone(dt.timezone.utc)
            except (TypeError, ValueError):
                break
    return dt.datetime.now(dt.timezone.utc)
