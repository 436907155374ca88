"""The Alexa Reminders API through ask-sdk-model's ReminderManagementServiceClient, with its errors sorted."""

from __future__ import annotations

import datetime as dt
import json
import logging

from skill.alerts import AlertsClient, AlertsError, server_now
from skill.domain.clock import in_zone, parse_time
from skill.permissions import scope_granted

log = logging.getLogger("spasm_coach.reminders")

REMINDER_SCOPE = "alexa::alerts:reminders:skill:readwrite"


class RemindersError(AlertsError):
    """A Reminders API call failed; KIND says what the person should hear: permission | rejected | unavailable."""


def granted(handler_input) -> bool:
    """True when the request says the person allowed this skill's reminders."""
    return scope_granted(handler_input, REMINDER_SCOPE)


class Reminders(AlertsClient):
    """list / create / delete the skill's reminders; answers carry Alexa's time now on the device's clock."""

    CLIENT, NAME, ERROR, log = "get_reminder_management_service", "reminders", RemindersError, log
    BUSY_IS_UNAVAILABLE = False         # a 429 is "rejected", as every 4xx

    def list(self) -> tuple[list[dict], dt.datetime]:
        """[{token, text, at (when it goes off, on the device's clock, or None)}] soonest first, and the time now.
        Read as plain JSON: ask-sdk-model cannot deserialize a listed reminder (its AlertInfo names a module,
        alert_info_spoken_info, that the package does not have)."""
        status, headers, body = self._get("/v1/alerts/reminders")
        now = in_zone(server_now(headers), self._zone)
        out = []
        for alert in (body or {}).get("alerts") or []:
            if not isinstance(alert, dict) or alert.get("status") not in (None, "ON"):
                continue
            content = ((alert.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
            text = next((c.get("text") for c in content if isinstance(c, dict) and c.get("text")), "")
            out.append({"token": alert.get("alertToken"), "text": text, "at": _trigger_time(alert, self._zone)})
        out.sort(key=lambda r: (r["at"] is None, r["at"] or now))
        return out, now

    def _get(self, path: str) -> tuple[int, list, dict | None]:
        """GET PATH of the Alexa API through the request's API client (its timeouts): (status, headers, JSON)."""
        from ask_sdk_core.exceptions import ApiClientException, AskSdkException
        from ask_sdk_model.services import ApiClientRequest

        config = getattr(self._factory, "api_configuration", None)
        if self._client is None or config is None or config.api_client is None:
            raise RemindersError("unavailable", None, "no Alexa API endpoint for this request")
        request = ApiClientRequest(headers=[("Authorization", f"Bearer {config.authorization_value}"),
                                            ("Accept", "application/json")],
                                   url=f"{config.api_endpoint}{path}", method="GET")
        try:
            response = config.api_client.invoke(request)
        except (ApiClientException, AskSdkException) as error:
            log.warning("reminders list failed: %s", type(error).__name__)
            raise RemindersError("unavailable", None, str(error)) from None
        status = response.status_code
        if status is None or status >= 300:
            kind = "permission" if status in (401, 403) else "rejected" if status and status < 500 else "unavailable"
            log.warning("reminders list failed (%s)", status)
            raise RemindersError(kind, status, "reminders list")
        try:
            body = json.loads(response.body) if response.body else None
        except ValueError:
            raise RemindersError("unavailable", status, "the reminders list is not JSON") from None
        return status, response.headers, body if isinstance(body, dict) else None

    def create(self, payload: dict) -> tuple[str, dt.datetime]:
        """Create a reminder from a plain payload (skill.domain.reminders.payload): (alert token, the time now)."""
        response, now = self._call("create_reminder", _request(payload))
        return response.body.alert_token, now

    def delete(self, token: str) -> None:
        """Delete one reminder; one already gone (404) counts as deleted."""
        self._delete("delete_reminder", token)


def _trigger_time(alert: dict, zone: str | None) -> dt.datetime | None:
    """When a listed reminder goes off, on the device's clock."""
    trigger = alert.get("trigger") or {}
    if trigger.get("type") == "SCHEDULED_RELATIVE" and trigger.get("offsetInSeconds") is not None:
        created = parse_time(alert.get("createdTime"))
        return in_zone(created + dt.timedelta(seconds=int(trigger["offsetInSeconds"])), zone) if created else None
    try:
        scheduled = dt.datetime.fromisoformat(str(trigger.get("scheduledTime")))
    except ValueError:
        return None
    if scheduled.tzinfo is None:          # local time on the trigger's (or the device's) clock
        import zoneinfo
        try:
            scheduled = scheduled.replace(tzinfo=zoneinfo.ZoneInfo(trigger.get("timeZoneId") or zone or "UTC"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
    return in_zone(scheduled, zone)


def _request(payload: dict):
    from ask_sdk_model.services.reminder_management import (AlertInfo, PushNotification, PushNotificationStatus,
                                                            ReminderRequest, SpokenInfo, SpokenText, Trigger,
                                                            TriggerType)
    trig = payload["trigger"]
    if trig["type"] == "SCHEDULED_RELATIVE":
        trigger = Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=trig["offsetInSeconds"])
    else:
        trigger = Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE,
                          scheduled_time=dt.datetime.fromisoformat(trig["scheduledTime"]),
                          time_zone_id=trig.get("timeZoneId"))
    spoken = [SpokenText(locale=c["locale"], text=c["text"]) for c in payload["alertInfo"]["spokenInfo"]["content"]]
    return ReminderRequest(request_time=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
                           trigger=trigger, alert_info=AlertInfo(spoken_info=SpokenInfo(content=spoken)),
                           push_notification=PushNotification(status=PushNotificationStatus.ENABLED))

