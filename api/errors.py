"""One error body for every failure: ``{"error": {"code", "message"}}``.

Status codes mean what HTTP says: 401 no or malformed credentials, 403 credentials that do not
grant this, 404 no such session, message or ticket, 409 a ticket in the wrong state, 413 too
large, 422 a body that does not fit the schema, 429 too many requests (with ``Retry-After``),
503 not ready, 504 took too long. Messages never echo secrets or the shopper's text.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    MessageTooLongError,
    TicketStateError,
    UnknownMessageError,
    UnknownSessionError,
    UnknownTicketError,
)
from assistant.stateless import NoQuestionError
from retrieval.errors import AisleError

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "not_ready",
    504: "timeout",
}
_AISLE_ERRORS: tuple[tuple[type[AisleError], int, str], ...] = (
    (UnknownSessionError, 404, "unknown_session"),
    (UnknownMessageError, 404, "unknown_message"),
    (UnknownTicketError, 404, "unknown_ticket"),
    (TicketStateError, 409, "ticket_state"),
    (MessageTooLongError, 413, "message_too_long"),
    (NoQuestionError, 422, "invalid_request"),
)


class ErrorDetail(BaseModel):
    """What went wrong, for people and programs."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """Raised by routes and dependencies: becomes an error response."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _STATUS_CODES.get(status, "error")
        self.message = message
        self.headers = headers


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error in the one body shape."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def status_of(exc: AisleError) -> tuple[int, str]:
    """The HTTP status and code of a domain error (500 for the unexpected)."""
    for kind, status, code in _AISLE_ERRORS:
        if isinstance(exc, kind):
            return status, code
    return 500, "internal_error"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one body shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(AisleError)
    async def _aisle(_: Request, exc: AisleError) -> JSONResponse:
        status, code = status_of(exc)
        if status == 500:
            log.error("request failed", extra={"error": type(exc).__name__})
            return error_response(500, code, "the assistant failed; try again shortly")
        return error_response(status, code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _describe(exc.errors()))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", extra={"error": type(exc).__name__}, exc_info=exc)
        return error_response(500, "internal_error", "the server failed; try again shortly")


def _describe(errors: Any) -> str:
    """Validation errors in one line, naming each field; input values are never echoed."""
    parts = []
    for error in list(errors)[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request does not match the schema"
