"""Errors of ingestion. Row-level problems are data (``RowError``), not exceptions.

AisleError (retrieval.errors)
└── IngestError
    ├── SourceError        a whole file cannot be read (missing, empty, no required column)
    └── IngestLockedError  another ingest run holds the store's lock
"""

from __future__ import annotations

from retrieval.errors import AisleError


class IngestError(AisleError):
    """Base of ingestion errors."""


class SourceError(IngestError):
    """A source file cannot be read at all. Other files of the same run still ingest."""

    def __init__(self, source: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {message}", hint=hint)
        self.source = source
        self.reason = message


class IngestLockedError(IngestError):
    """Another ingest run is writing to the same store."""
