"""``{text, label}`` JSONL: labelled utterances (intents now; attacks and benign traffic later)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.datasets.jsonl import read_objects
from evals.errors import DatasetError

_HINT = (
    'one JSON object per line with "text" and "label", e.g. {"text": "hi", "label": "small_talk"}'
)


@dataclass(frozen=True)
class Labelled:
    """One labelled text."""

    text: str
    label: str


def load_labelled(path: Path) -> list[Labelled]:
    """Every line of ``path``; ``DatasetError`` names the file and line of any bad one."""
    items: list[Labelled] = []
    for n, row in read_objects(path, _HINT):
        if not row.get("text") or not row.get("label"):
            raise DatasetError(f"{path}:{n}: needs non-empty 'text' and 'label'", hint=_HINT)
        items.append(Labelled(str(row["text"]), str(row["label"])))
    if not items:
        raise DatasetError(f"{path} has no items", hint=_HINT)
    return items
