"""A small HTTP/1.1 client connection: the part of http.client that TimeoutApiClient uses, without its imports.

http.client parses headers with the `email` package, which is most of what it costs to import (the Lambda cold
start's first request asks the time zone API). The Alexa APIs speak plain HTTP/1.1 with JSON bodies, so this is
enough: one request at a time on a kept-alive socket, a body by Content-Length, chunks, or until the server closes.
Same shape as http.client.HTTPConnection (sock, timeout, connect, request, getresponse, close) so the caller keeps its
watchdog: shutting `sock` unblocks whatever read or write is under way. Anything malformed raises ProtocolError.
A kept connection is used again only when `reusable()`: nothing arrived that no request asked for (bytes already
read past the last answer, or the socket readable: closed, or stray bytes), which would be read as the next answer.
"""

from __future__ import annotations

import socket

MAX_LINE = 65536     # bytes of a status or header line (http.client's _MAXLINE)
MAX_HEADERS = 100    # http.client's _MAXHEADERS


class ProtocolError(OSError):
    """The server's answer is not HTTP/1.x as this client reads it."""


class Response:
    """One response: status, headers (name, value) in order, and its body read on demand with read(limit)."""

    def __init__(self, reader, method: str):
        self._reader = reader
        line = _line(reader)
        version, _, rest = line.rstrip(b"\r\n").partition(b" ")   # the reason phrase may be missing
        code = rest[:3]
        if not version.startswith(b"HTTP/1.") or not code.isdigit() or len(rest) > 3 and rest[3:4] != b" ":
            raise ProtocolError(f"bad status line {line[:40]!r}")
        self.status = int(code)
        self.headers: list[tuple[str, str]] = []
        while True:
            line = _line(reader)
            if line in (b"\r\n", b"\n", b""):
                break
            if len(self.headers) >= MAX_HEADERS:
                raise ProtocolError("too many headers")
            name, colon, value = line.decode("latin-1").partition(":")
            if not colon or not name or name != name.strip():
                raise ProtocolError("bad header line")
            self.headers.append((name, value.strip()))
        fields = {name.lower(): value for name, value in self.headers}
        lengths = {value for name, value in self.headers if name.lower() == "content-length"}
        if len(lengths) > 1:
            raise ProtocolError("differing Content-Length headers")   # which body is meant cannot be known
        connection = fields.get("connection", "").lower()
        self.will_close = version == b"HTTP/1.0" and "keep-alive" not in connection or "close" in connection
        self._chunked = "chunked" in fields.get("transfer-encoding", "").lower()
        self._chunk_left = 0                   # bytes of the current chunk not read yet
        self._left: int | None = None          # body bytes still to read; None: until the server closes
        if method == "HEAD" or self.status in (204, 304) or 100 <= self.status < 200:
            self._left = 0
        elif not self._chunked and "content-length" in fields:
            try:
                self._left = int(fields["content-length"])
            except ValueError:
                raise ProtocolError("bad Content-Length") from None
            if self._left < 0:
                raise ProtocolError("bad Content-Length")
        elif not self._chunked:
            self.will_close = True
        self._done = self._left == 0

    def getheaders(self) -> list[tuple[str, str]]:
        return list(self.headers)

    def isclosed(self) -> bool:
        """Whether the whole body has been read (http.client's meaning: the connection is free for another)."""
        return self._done

    def read(self, limit: int) -> bytes:
        """At most LIMIT bytes of the body (all of it when shorter)."""
        if self._done:
            return b""
        if self._chunked:
            return self._read_chunked(limit)
        if self._left is None:
            body = self._reader.read(limit)
            self._done = len(body) < limit
            return body
        wanted = min(limit, self._left)
        body = self._reader.read(wanted)
        self._left -= len(body)
        if len(body) < wanted:
            raise ProtocolError("the body ended early")
        self._done = self._left == 0
        return body

    def _read_chunked(self, limit: int) -> bytes:
        """At most LIMIT bytes of a chunked body: a chunk larger than LIMIT is read only up to it (the rest stays
        for the next read), so LIMIT bounds memory whatever sizes the server announces."""
        body = bytearray()
        while len(body) < limit:
            if self._chunk_left == 0:
                size = _chunk_size(_line(self._reader))
                if size == 0:
                    while _line(self._reader) not in (b"\r\n", b"\n", b""):   # trailers
                        pass
                    self._done = True
                    break
                self._chunk_left = size
            wanted = min(self._chunk_left, limit - len(body))
            chunk = self._reader.read(wanted)
            if len(chunk) < wanted:
                raise ProtocolError("a chunk ended early")
            body += chunk
            self._chunk_left -= wanted
            if self._chunk_left == 0 and self._reader.read(2) != b"\r\n":
                raise ProtocolError("no CRLF after a chunk")
        return bytes(body)


def _chunk_size(line: bytes) -> int:
    """A chunk-size line ("1a;ext=1") as a number; ProtocolError for anything else (a sign, spaces, not hex)."""
    digits = line.split(b";")[0].strip()
    if not digits or len(digits) > 16 or not all(c in b"0123456789abcdefABCDEF" for c in digits):
        raise ProtocolError("bad chunk size")
    return int(digits, 16)


def _line(reader) -> bytes:
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise ProtocolError("line too long")
    return line


class _Reader:
    """The socket's bytes read in blocks, handed out by line or by count; `pending` says how many were read from
    the socket and not handed out yet (a buffered file object's makefile() does not say)."""

    BLOCK = 65536

    def __init__(self, sock):
        self._sock = sock
        self._buffer = bytearray()
        self._eof = False

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def _fill(self) -> bool:
        if self._eof:
            return False
        data = self._sock.recv(self.BLOCK)
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    def readline(self, limit: int) -> bytes:
        """Up to and including the next LF, at most LIMIT bytes (less at the end of the stream)."""
        start = 0
        while True:
            end = self._buffer.find(b"\n", start, limit)
            if end >= 0:
                return self._take(end + 1)
            if len(self._buffer) >= limit:
                return self._take(limit)
            start = len(self._buffer)
            if not self._fill():
                return self._take(len(self._buffer))

    def read(self, size: int) -> bytes:
        """SIZE bytes (less at the end of the stream)."""
        while len(self._buffer) < size and self._fill():
            pass
        return self._take(min(size, len(self._buffer)))

    def _take(self, size: int) -> bytes:
        taken = bytes(self._buffer[:size])
        del self._buffer[:size]
        return taken

    def close(self) -> None:
        self._buffer.clear()


class Connection:
    """A connection to HOST:PORT, over TLS when CONTEXT is given; connected on first use, one request at a time."""

    def __init__(self, host: str, port: int | None, *, timeout: float, context=None):
        self.host = host
        self.port = port or (443 if context is not None else 80)
        self.timeout = timeout
        self.context = context
        self.sock: socket.socket | None = None
        self._reader = None

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.context is not None:
                sock = self.context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self._reader = _Reader(sock)

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None) -> None:
        if self.sock is None:
            self.connect()
        default_port = 443 if self.context is not None else 80
        host = self.host if self.port == default_port else f"{self.host}:{self.port}"
        if ":" in self.host:   # an IPv6 literal
            host = f"[{self.host}]" if self.port == default_port else f"[{self.host}]:{self.port}"
        lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", "Accept-Encoding: identity"]
        given = {name.lower() for name in (headers or {})}
        for name, value in (headers or {}).items():
            if any(c in f"{name}{value}" for c in "\r\n\0"):
                raise ValueError("a header name or value holds a line break")
            lines.append(f"{name}: {value}")
        if body is not None and "content-length" not in given:
            lines.append(f"Content-Length: {len(body)}")
        elif body is None and method in ("POST", "PUT", "PATCH") and "content-length" not in given:
            lines.append("Content-Length: 0")
        self.sock.sendall("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + (body or b""))
        self._method = method

    def getresponse(self) -> Response:
        response = Response(self._reader, self._method)
        while 100 <= response.status < 200:   # "100 Continue", "103 Early Hints": interim, the answer follows
            response = Response(self._reader, self._method)
        return response

    def reusable(self) -> bool:
        """Whether this connected socket can carry another request: nothing is waiting to be read, neither bytes
        already read past the last answer nor anything on the socket (a close, or bytes no request asked for)."""
        import select

        if self.sock is None or self._reader is None or self._reader.pending:
            return False
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable and not getattr(self.sock, "pending", lambda: 0)()   # TLS: a record decrypted, unread

    def close(self) -> None:
        sock, reader, self.sock, self._reader = self.sock, self._reader, None, None
        for part in (reader, sock):
            if part is not None:
                try:
                    part.close()
                except OSError:
                    pass
