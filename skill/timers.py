"""The Alexa Timers API through ask-sdk-model's TimerManagementServiceClient, with its errors sorted for the caller."""

from __future__ import annotations

import datetime as dt
import logging

from skill.alerts import AlertsClient, AlertsError
from skill.domain.clock import in_zone, utc
from skill.domain.therapy import duration_minutes
from skill.permissions import scope_granted

log = logging.getLogger("spasm_coach.timers")

TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"


class TimersError(AlertsError):
    """A Timers API call failed; KIND says what the person should hear: permission | rejected | unavailable."""


def granted(handler_input) -> bool:
    """True when the request says the person allowed this skill's timers."""
    return scope_granted(handler_input, TIMER_SCOPE, consent_alone=True)


class Timers(AlertsClient):
    """create / list / delete the skill's timers; every answer also gives Alexa's time now (its Date header)."""

    CLIENT, NAME, ERROR, log = "get_timer_management_service", "timers", TimersError, log
    BUSY_IS_UNAVAILABLE = True          # 429: busy, try again later

    def __init__(self, handler_input):
        # Alexa's time now is given on the device's clock, so a day counted from it is the person's own day.
        attributes = getattr(getattr(handler_input, "attributes_manager", None), "request_attributes", None) or {}
        zone = attributes.get("time_zone") if isinstance(attributes, dict) else None
        super().__init__(handler_input, zone if isinstance(zone, str) else None)

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
        now = self._delete("delete_timer", timer_id)
        return now if now is not None else in_zone(dt.datetime.now(dt.timezone.utc), self._zone)


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


def _seconds(duration: str | None) -> float | None:
    minutes = duration_minutes(duration) if duration not in (None, "PT0S") else (0.0 if duration else None)
    return None if minutes is None else minutes * 60

