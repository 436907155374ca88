"""What the Timers and Reminders clients share (skill/timers.py, skill/reminders.py): the ask-sdk-model service
client of the request (none when the request has no Alexa API endpoint), one call with its errors sorted into
what the person should hear, and Alexa's time now from the answer's Date header."""

from __future__ import annotations

import datetime as dt
import logging

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_model.services import ServiceException

from skill.domain.clock import in_zone


class AlertsError(Exception):
    """An Alexa API call failed; KIND says what the person should hear: permission | rejected | unavailable."""

    def __init__(self, kind: str, status: int | None, message: str):
        super().__init__(f"{kind} ({status}): {message}")
        self.kind, self.status = kind, status


class AlertsClient:
    """One of the Alexa alerts APIs through its ask-sdk-model service client. A subclass names the factory's
    getter (CLIENT), the log's word for it (NAME), its error class (ERROR, a subclass of AlertsError), and
    whether a 429 (busy) is "unavailable" rather than "rejected" (BUSY_IS_UNAVAILABLE)."""

    CLIENT = ""
    NAME = ""
    ERROR: type[AlertsError] = AlertsError
    BUSY_IS_UNAVAILABLE = True
    log = logging.getLogger("spasm_coach.alerts")

    def __init__(self, handler_input, zone: str | None = None):
        factory = handler_input.service_client_factory
        system = getattr(getattr(getattr(handler_input, "request_envelope", None), "context", None), "system", None)
        reachable = system is None or (system.api_endpoint and system.api_access_token)
        self._factory = factory
        self._client = getattr(factory, self.CLIENT)() if factory is not None and reachable else None
        self._zone = zone

    def _call(self, name: str, *args):
        """CLIENT.NAME(*ARGS) with the full response: (response, Alexa's time now on the device's clock)."""
        if self._client is None:            # no API client, or a device whose request has no Alexa API endpoint
            raise self.ERROR("unavailable", None, "no Alexa API endpoint for this request")
        try:
            response = getattr(self._client, name)(*args, full_response=True)
        except ServiceException as error:
            raise self._sorted(name, error) from None
        except (TypeError, ValueError, AskSdkException) as error:   # the SDK could not build or read the call
            self.log.warning("%s %s failed: %s", self.NAME, name, type(error).__name__)
            raise self.ERROR("unavailable", None, type(error).__name__) from None
        return response, in_zone(server_now(response.headers), self._zone)

    def _sorted(self, name: str, error: ServiceException) -> AlertsError:
        status = error.status_code
        detail = getattr(error.body, "message", None) or str(error)
        kind = self.kind_of(status)
        if kind == "rejected":
            self.log.error("%s %s refused (%s): %s", self.NAME, name, status, detail)
        elif kind == "unavailable":
            self.log.warning("%s %s failed (%s): %s", self.NAME, name, status, detail)
        return self.ERROR(kind, status, detail)

    def kind_of(self, status: int | None) -> str:
        """What a failed call's HTTP STATUS means to the person: permission | rejected | unavailable."""
        if status in (401, 403):
            return "permission"
        if status is not None and 400 <= status < 500 and not (status == 429 and self.BUSY_IS_UNAVAILABLE):
            return "rejected"
        return "unavailable"

    def _delete(self, name: str, *args) -> dt.datetime | None:
        """A delete call; one already gone (404) counts as deleted. Alexa's time now (None after a 404)."""
        try:
            return self._call(name, *args)[1]
        except AlertsError as error:
            if error.status != 404:
                raise
        return None


def server_now(headers) -> dt.datetime:
    """Alexa's clock from the response's Date header; our own clock when there is none."""
    for key, value in headers or []:
        if key.lower() == "date":
            import email.utils   # here, not at import: it pulls socket, calendar and locale into every cold start

            try:
                return email.utils.parsedate_to_datetime(value).astimezone(dt.timezone.utc)
            except (TypeError, ValueError):
                break
    return dt.datetime.now(dt.timezone.utc)
