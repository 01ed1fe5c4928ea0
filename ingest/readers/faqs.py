"""FAQs as CSV/JSONL (question, answer, optional id and category) or YAML (a list of entries)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import SourceError
from ingest.readers.tabular import Columns, Row, SourceRead, iter_rows, read_text, validate_rows
from ingest.schemas import Faq

FAQ_ALIASES = {"id": "faq_id", "q": "question", "a": "answer", "topic": "category"}
YAML_SUFFIXES = {".yaml", ".yml"}


def read_faqs(
    path: Path,
    source: str,
    *,
    mapping: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    max_chars: int = 20_000,
) -> SourceRead[Faq]:
    """Validate every FAQ entry; an entry without an id gets one from its question."""
    columns = Columns(
        required=("question", "answer"),
        known=frozenset(Faq.model_fields),
        key_column="faq_id",
        aliases=FAQ_ALIASES,
        mapping=mapping or {},
    )
    if path.suffix.lower() in YAML_SUFFIXES:
        rows = _yaml_rows(path, source, encoding)
    else:
        rows = iter_rows(path, source, encoding)
    return validate_rows(
        _with_ids(rows, columns),
        Faq,
        source=source,
        kind="faqs",
        columns=columns,
        key=lambda f: f.faq_id,
        max_chars=max_chars,
        check_header=path.suffix.lower() == ".csv",
    )


def _yaml_rows(path: Path, source: str, encoding: str) -> Iterator[tuple[int, Row | str]]:
    text = read_text(path, source, encoding)
    try:
        loaded: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourceError(source, f"is not valid YAML ({exc})") from exc
    if isinstance(loaded, dict) and isinstance(loaded.get("faqs"), list):
        loaded = loaded["faqs"]
    if not isinstance(loaded, list):
        raise SourceError(
            source,
            "must be a YAML list of entries with question and answer",
            hint="see data/demo-store/faqs.yaml for the shape",
        )
    for number, entry in enumerate(loaded, start=1):
        if isinstance(entry, dict):
            yield (
                number,
                {
                    str(k): "" if v is None else str(v) if not isinstance(v, list) else v
                    for k, v in entry.items()
                },
            )
        else:
            yield number, "is not a mapping with question and answer"


def _with_ids(
    rows: Iterator[tuple[int, Row | str]], columns: Columns
) -> Iterator[tuple[int, Row | str]]:
    """Give entries without an id a stable one derived from the question."""
    for number, row in rows:
        if isinstance(row, dict):
            names = {columns.rename(str(k)): k for k in row}
            question = str(row.get(names.get("question", ""), "") or "").strip()
            id_column = names.get("faq_id")
            if question and (id_column is None or not str(row.get(id_column) or "").strip()):
                digest = hashlib.sha256(question.lower().encode()).hexdigest()[:12]
                row = {**row, id_column or "faq_id": f"faq-{digest}"}
        yield number, row
