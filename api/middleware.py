"""ASGI middleware: request ids and access logs, per-client rate limits, request-size limits.

Logs carry the method, the route *template* (``/v1/sessions/{session_id}``, never the id),
the status and the time taken: no bodies, no query strings, no headers, no client address.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
import time

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.metrics import ApiMetrics

log = logging.getLogger("aisle.access")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def route_template(scope: Scope) -> str:
    """The matched route's path template, or ``unmatched``."""
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


class RequestContext:
    """Gives each request an id (the caller's ``X-Request-ID`` if sane), echoes it, times the
    request, logs one line and counts it in the metrics."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        rid = given if given and _VALID_ID.match(given) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "ms": round(elapsed * 1000, 1),
                },
            )
            request_id.reset(token)


class RateLimit:
    """Per-client (IP address) limits on ``/v1`` routes; over the limit: 429 and ``Retry-After``."""

    def __init__(
        self, app: ASGIApp, rate: str, storage: str, metrics: ApiMetrics, prefix: str = "/v1/"
    ) -> None:
        self.app = app
        self.items = parse_many(rate)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage))
        self.metrics = metrics
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        for item in self.items:
            if not self.limiter.hit(item, "client", client):
                reset = self.limiter.get_window_stats(item, "client", client).reset_time
                wait = max(1, int(reset - time.time() + 0.999))
                self.metrics.rate_limited.inc()
                response = error_response(
                    429,
                    "rate_limited",
                    f"too many requests: the limit is {item}; retry in {wait} s",
                    {"Retry-After": str(wait)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _TooLargeError(Exception):
    """The body grew past the limit while being read."""


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with 413, by ``Content-Length`` or while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        over = started = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                over = True
                raise _TooLargeError
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            if over:  # the app turned the interrupted read into an error of its own: replace it
                if not started:
                    started = True
                    await self._refuse(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watch)
        except _TooLargeError:
            if not started:
                started = True
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {self.max_bytes} bytes"
        await error_response(413, "too_large", message)(scope, receive, send)
