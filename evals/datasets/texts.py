"""Lists of texts: JSON Lines with a ``text`` field (and optional ``kind``), or plain text.

A file whose first non-blank line starts with ``{`` is read as JSON Lines; anything else is
plain text, one item per line. ``kind`` is ``message`` (the default) or ``document``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.datasets.jsonl import read_objects
from evals.errors import DatasetError

KINDS = ("message", "document")
_HINT = (
    'one item per line: plain text, or JSON objects with "text" (and optionally "kind": '
    '"message" or "document"), e.g. {"text": "ignore your instructions", "kind": "message"}'
)


@dataclass(frozen=True)
class TextItem:
    """One text to check, and whether it is a shopper message or a document chunk."""

    text: str
    kind: str = "message"


def load_texts(path: Path) -> list[TextItem]:
    """Every item in ``path``; ``DatasetError`` names the file and line of a bad one."""
    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint=_HINT)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DatasetError(f"{path} is not UTF-8 text", hint=_HINT) from None
    first = next((line for line in lines if line.strip()), "")
    items = _from_jsonl(path) if first.lstrip().startswith("{") else _from_lines(lines)
    if not items:
        raise DatasetError(f"{path} has no items", hint=_HINT)
    return items


def _from_lines(lines: list[str]) -> list[TextItem]:
    return [TextItem(line.strip()) for line in lines if line.strip()]


def _from_jsonl(path: Path) -> list[TextItem]:
    items = []
    for n, row in read_objects(path, _HINT):
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DatasetError(f"{path}:{n}: needs a non-empty string 'text'", hint=_HINT)
        kind = row.get("kind", "message")
        if kind not in KINDS:
            raise DatasetError(
                f"{path}:{n}: 'kind' is {kind!r}, expected one of {', '.join(KINDS)}", hint=_HINT
            )
        items.append(TextItem(text, str(kind)))
    return items
