"""TimeoutApiClient: the ask-sdk ApiClient with connect/read timeouts, so every answer leaves within 8 s."""

from __future__ import annotations

import json
import threading
import urllib.parse

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}


class TimeoutApiClient(ApiClient):
    """Calls Alexa's APIs over HTTPS with timeouts; plain http only to loopback when allow_loopback_http."""

    def __init__(self, connect_timeout: float = 1.0, read_timeout: float = 2.5, *,
                 allow_loopback_http: bool = False):
        self.timeout = (connect_timeout, read_timeout)
        self.allow_loopback_http = allow_loopback_http
        self._local = threading.local()

    def check_url(self, url: str) -> None:
        """Raise ApiClientException unless URL is https (or loopback http in the dev modes)."""
        parts = urllib.parse.urlsplit(url or "")
        if parts.scheme == "https" and parts.hostname:
            return
        if self.allow_loopback_http and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
            return
        raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        self.check_url(request.url)
        method = (request.method or "").upper()
        if method not in METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        headers: dict[str, str] = {}
        for key, value in request.headers or []:
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        data = request.body
        if data and "json" in headers.get("Content-type", headers.get("Content-Type", "")):
            data = json.dumps(data)
        try:
            response = self._requests().request(method, request.url, headers=headers, data=data or None,
                                                timeout=self.timeout, allow_redirects=False)
        except Exception as error:  # requests' whole family: timeouts, refused, TLS
            raise ApiClientException(f"Error executing the request: {type(error).__name__}") from error
        return ApiClientResponse(headers=list(response.headers.items()), status_code=response.status_code,
                                 body=response.text)

    def _requests(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests  # imported on first use: keeps the Lambda cold start small

            session = self._local.session = requests.Session()  # one per thread: Session is not thread-safe
        return session
