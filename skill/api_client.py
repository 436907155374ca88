"""TimeoutApiClient: the one ask-sdk ApiClient for every Alexa API (Timers, Settings, Device Address, Reminders...).

Every call has an overall bound, not only per-read timeouts: min(call_timeout, what the request's deadline has
left). A watchdog (deadline.REAPER) shuts the socket when the bound passes, so a server that trickles one byte at a
time, or sends headers and never a body, cannot hold a request. A call that fails or runs out of time raises
ApiClientException, which ask-sdk-model's service clients turn into ServiceException (status 500): the caller's
"unavailable" path. Connections are kept alive per thread and host; a kept connection the server has closed is
noticed before reuse.
"""

from __future__ import annotations

import functools
import json
import threading
import urllib.parse

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from skill import deadline

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}
MAX_RESPONSE_BYTES = 1024 * 1024


# ssl, socket and select are imported where they are first needed (the first Alexa API call, or warm() in the Lambda
# handler's init); the HTTP/1.1 connection is skill/http11.py, not http.client, whose email imports cost more.


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """One per process (reading the roots costs ~40 ms of CPU; a context is safe to share between threads)."""
    import ssl

    from skill.castore import CA_DIR

    if CA_DIR.is_dir():   # the Lambda zip: certifi's roots as a hashed directory, read lazily (skill/castore.py)
        return ssl.create_default_context(capath=str(CA_DIR))
    try:
        import certifi  # what requests used: the same roots on every platform

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()


class TimeoutApiClient(ApiClient):
    """Calls Alexa's APIs over HTTPS, each call bounded as a whole; plain http only to loopback when
    allow_loopback_http (the dev modes)."""

    def __init__(self, connect_timeout: float = 1.0, read_timeout: float = 2.5, *, call_timeout: float = 2.0,
                 allow_loopback_http: bool = False):
        self.timeout = (connect_timeout, read_timeout)
        self.call_timeout = call_timeout
        self.allow_loopback_http = allow_loopback_http
        self._local = threading.local()
        self._tls: ssl.SSLContext | None = None

    def warm(self) -> None:
        """Import what a call needs and build the TLS context now, not in the first call: the Lambda handler calls
        this in its init phase (full CPU), since every session's first request asks the time zone API."""
        import encodings.idna  # noqa: F401  (host names, for getaddrinfo and the TLS server name)
        import select  # noqa: F401

        from skill import http11  # noqa: F401  (socket)

        if self._tls is None:
            self._tls = _tls_context()

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
        if data is not None and not isinstance(data, (str, bytes)):
            try:   # the service clients hand over plain JSON values; NaN or Infinity are not JSON
                data = json.dumps(data, allow_nan=False)
            except (TypeError, ValueError) as error:
                raise ApiClientException(f"Request body is not JSON: {type(error).__name__}") from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            budget = deadline.bound(self.call_timeout)
        except deadline.DeadlineExceeded:
            raise ApiClientException("Error executing the request: no time left in the request") from None
        host = urllib.parse.urlsplit(request.url).netloc   # every Alexa API of a request shares apiEndpoint's host
        current = deadline.current()
        if current is not None and host in current.unreachable:   # it did not answer earlier in this request
            raise ApiClientException("Error executing the request: no answer earlier in this request")
        try:
            status, response_headers, body = self._call(method, request.url, headers, data or None, budget)
        except ApiClientException:
            if current is not None:
                current.unreachable.add(host)
            raise
        return ApiClientResponse(headers=response_headers, status_code=status, body=body.decode("utf-8", "replace"))

    def get(self, url: str, limit: int = MAX_RESPONSE_BYTES) -> tuple[int, bytes]:
        """GET URL (any scheme the caller has already checked) within call_timeout, clipped to the request's
        deadline: (status, body of at most LIMIT bytes, else ApiClientException)."""
        try:
            budget = deadline.bound(self.call_timeout)
        except deadline.DeadlineExceeded:
            raise ApiClientException("Error executing the request: no time left in the request") from None
        status, _, body = self._call("GET", url, {}, None, budget, limit)
        return status, body

    def _call(self, method: str, url: str, headers: dict, data: bytes | None, budget: float,
              limit: int = MAX_RESPONSE_BYTES) -> tuple[int, list, bytes]:
        import socket

        parts = urllib.parse.urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = self._connection(parts.scheme, parts.hostname, parts.port)
        reaped = threading.Event()

        def reap():   # the bound has passed: unblock whatever read or write the call is in
            reaped.set()
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        handle = deadline.REAPER.schedule(budget, reap)
        try:
            if connection.sock is None:
                connection.timeout = min(self.timeout[0], budget)
                connection.connect()
            connection.sock.settimeout(min(self.timeout[1], budget))
            connection.request(method, target, body=data, headers=headers)
            response = connection.getresponse()
            body = response.read(limit + 1)
            if len(body) > limit:
                raise ApiClientException("response is too large")
            if response.will_close or not response.isclosed() or not connection.reusable():
                self._drop(connection)    # the server closes, the body was not read whole, or stray bytes came
        except Exception as error:   # refused, timeouts, TLS, a shut socket, a garbled status line
            self._drop(connection)
            # The watchdog or the socket's own timeout (set to the same bound): whichever fired first, the
            # server did not answer in time.
            timed_out = reaped.is_set() or isinstance(error, TimeoutError)
            reason = f"no answer within {budget:.2f} s" if timed_out else type(error).__name__
            raise ApiClientException(f"Error executing the request: {reason}") from None
        finally:
            if not deadline.REAPER.cancel(handle):
                self._drop(connection)   # the watchdog fired (or is firing): never reuse that socket
        return response.status, response.getheaders(), body

    def _connection(self, scheme: str, host: str, port: int | None) -> http11.Connection:
        """This thread's kept connection to SCHEME://HOST:PORT, or a new one (not yet connected)."""
        from skill import http11

        connections = getattr(self._local, "connections", None)
        if connections is None:
            connections = self._local.connections = {}
        key = (scheme, host, port)
        connection = connections.get(key)
        if connection is not None and connection.sock is not None and not connection.reusable():
            connection.close()            # closed by the server, or holding bytes no request asked for
            connection = None
        if connection is None:
            if scheme == "https":
                if self._tls is None:
                    self._tls = _tls_context()
                connection = http11.Connection(host, port, timeout=self.timeout[0], context=self._tls)
            else:
                connection = http11.Connection(host, port, timeout=self.timeout[0])
            connections[key] = connection
        return connection

    def _drop(self, connection: http11.Connection) -> None:
        connection.close()
        connections = getattr(self._local, "connections", {})
        for key, kept in list(connections.items()):
            if kept is connection:
                del connections[key]
