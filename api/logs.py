"""Structured JSON logs for the server: one object per line on stderr, with the request id.

Only what the code puts in a record's fields is logged: routes log templates, the assistant
logs intents and flags, never the shopper's text (which is redacted before it is stored).
``json_log_config`` is a ``logging.config.dictConfig`` that uvicorn applies in every worker.
"""

from __future__ import annotations

import logging
from typing import Any

from api.middleware import request_id


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (``-`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def json_log_config(level: str = "info") -> dict[str, Any]:
    """Every record, uvicorn's included, as JSON on stderr; uvicorn's own access log is off
    (``RequestContext`` logs each request without the client's address)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "{asctime}{levelname}{name}{message}{request_id}",
                "style": "{",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
        },
    }
