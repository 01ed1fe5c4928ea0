"""Presidio-format PII datasets: a JSON list of ``{full_text, spans: [{entity_type, …}]}``.

The format of presidio-research's synthetic sets (``synth_dataset_v2.json``). Extra keys
(``masked``, ``template_id``, ``entity_value`` …) are allowed and ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.errors import DatasetError
from evals.metrics.pii import LabelledSpan

_HINT = (
    "a JSON list of objects like "
    '{"full_text": "Call Ann on 555 0100", "spans": [{"entity_type": "PERSON", '
    '"start_position": 5, "end_position": 8}]}; positions are character offsets, end exclusive'
)
_SPAN_KEYS = ("entity_type", "start_position", "end_position")


@dataclass(frozen=True)
class PiiSample:
    """One text and its gold PII spans."""

    text: str
    spans: tuple[LabelledSpan, ...]


def load_presidio(path: Path) -> list[PiiSample]:
    """Every sample of ``path``; ``DatasetError`` names the file, item and key of any bad one."""
    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint=_HINT)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            hint=_HINT,
        ) from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path} is not UTF-8 text", hint=_HINT) from None
    if not isinstance(rows, list):
        raise DatasetError(f"{path}: expected a JSON list of samples at the top", hint=_HINT)
    samples = [_sample(path, n, row) for n, row in enumerate(rows)]
    if not samples:
        raise DatasetError(f"{path} has no samples", hint=_HINT)
    return samples


def _sample(path: Path, n: int, row: Any) -> PiiSample:
    where = f"{path}: item {n}"
    if not isinstance(row, dict):
        raise DatasetError(f"{where} is not a JSON object", hint=_HINT)
    text = row.get("full_text")
    if not isinstance(text, str):
        raise DatasetError(f"{where} needs a string 'full_text'", hint=_HINT)
    spans = row.get("spans")
    if not isinstance(spans, list):
        raise DatasetError(f"{where} needs a list 'spans' (empty if it has no PII)", hint=_HINT)
    return PiiSample(text, tuple(_span(f"{where}, span {i}", text, s) for i, s in enumerate(spans)))


def _span(where: str, text: str, span: Any) -> LabelledSpan:
    if not isinstance(span, dict):
        raise DatasetError(f"{where} is not a JSON object", hint=_HINT)
    missing = [key for key in _SPAN_KEYS if key not in span]
    if missing:
        raise DatasetError(f"{where} lacks {', '.join(repr(k) for k in missing)}", hint=_HINT)
    kind, start, end = (span[key] for key in _SPAN_KEYS)
    if not isinstance(kind, str) or not kind:
        raise DatasetError(f"{where}: 'entity_type' must be a non-empty string", hint=_HINT)
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        raise DatasetError(
            f"{where}: positions {start!r}..{end!r} are not a range inside the text "
            f"(0..{len(text)})",
            hint=_HINT,
        )
    return LabelledSpan(kind, start, end)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
