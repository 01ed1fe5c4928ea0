"""``{text, label}`` JSONL: labelled utterances (intents now; attacks and benign traffic later)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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
    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint=_HINT)
    items: list[Labelled] = []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})", hint=_HINT) from None
            if not isinstance(row, dict) or not row.get("text") or not row.get("label"):
                raise DatasetError(f"{path}:{n}: needs non-empty 'text' and 'label'", hint=_HINT)
            items.append(Labelled(str(row["text"]), str(row["label"])))
    if not items:
        raise DatasetError(f"{path} has no items", hint=_HINT)
    return items
