"""Rows from CSV, JSONL and JSON files, validated one by one into record models.

A bad row becomes a ``RowError`` and reading goes on; only a file that cannot be read at all
(missing, empty, without a required column) raises ``SourceError``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ingest.errors import SourceError
from ingest.schemas import RowError

R = TypeVar("R", bound=BaseModel)
Row = dict[str, Any]

csv.field_size_limit(sys.maxsize)  # oversize fields are reported per row, not as a crash
_BAD_BYTES = re.compile("[\udc80-\udcff]")
TABULAR_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".json"}


@dataclass
class SourceRead(Generic[R]):
    """What one file gave: valid records with their row numbers, errors and warnings."""

    source: str
    kind: str
    records: list[tuple[int, R]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_keys: set[str] = field(default_factory=set)
    rows: int = 0


@dataclass(frozen=True)
class Columns:
    """How a kind's columns are named: required fields, known fields, aliases, mapping."""

    required: tuple[str, ...]
    known: frozenset[str]
    key_column: str
    aliases: Mapping[str, str] = field(default_factory=dict)
    mapping: Mapping[str, str] = field(default_factory=dict)  # our field -> their column
    personal: frozenset[str] = frozenset()  # personal data aisle never reads in

    def rename(self, header: str) -> str:
        """Our name for a column of the file."""
        for ours, theirs in self.mapping.items():
            if header == theirs or _normalise(header) == _normalise(theirs):
                return ours
        name = _normalise(header)
        return self.aliases.get(name, name)


def _normalise(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").lower())


def read_text(path: Path, source: str, encoding: str) -> str:
    """The file's text; undecodable bytes survive as surrogates so rows can be blamed singly."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(source, f"cannot be read ({exc.strerror})") from exc
    text = raw.decode(encoding, errors="surrogateescape").removeprefix("\ufeff")
    if not text.strip():
        raise SourceError(
            source,
            "the file is empty",
            hint="export it again, or remove it from the store directory",
        )
    return text


def iter_rows(path: Path, source: str, encoding: str = "utf-8") -> Iterator[tuple[int, Row | str]]:
    """(row number, row) pairs; a row that is not an object comes as an error string.

    Row numbers are what a spreadsheet shows: the CSV header is row 1, JSONL counts lines.
    """
    text = read_text(path, source, encoding)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader = csv.DictReader(text.splitlines(keepends=True), restkey="__extra__")
        if not reader.fieldnames:
            raise SourceError(source, "has no header row")
        for number, row in enumerate(reader, start=2):
            yield number, row
    elif suffix in {".jsonl", ".ndjson"}:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield number, _json_object(line)
    elif suffix == ".json":
        yield from _json_array(text, source)
    else:
        raise SourceError(
            source, f"unsupported file type {suffix!r}", hint="use .csv, .jsonl or .json"
        )


def _json_object(line: str) -> Row | str:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"is not valid JSON ({exc.msg} at column {exc.colno})"
    return value if isinstance(value, dict) else "is not a JSON object"


def _json_array(text: str, source: str) -> Iterator[tuple[int, Row | str]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(source, f"is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(value, list):
        raise SourceError(source, "must hold a JSON list of objects")
    for number, item in enumerate(value, start=1):
        yield number, item if isinstance(item, dict) else "is not a JSON object"


def validate_rows(
    rows: Iterator[tuple[int, Row | str]],
    model: type[R],
    *,
    source: str,
    kind: str,
    columns: Columns,
    key: Callable[[R], str],
    max_chars: int,
    unknown: Callable[[Row, dict[str, Any]], None] | None = None,
    check_header: bool = True,
) -> SourceRead[R]:
    """Validate every row into ``model``; collect errors; skip duplicates of ``key``.

    ``unknown`` receives (our row, unknown columns) so a kind can keep them (catalog attributes);
    without it unknown columns are dropped. Either way the file gets one warning about them.
    """
    result: SourceRead[R] = SourceRead(source=source, kind=kind)
    seen: dict[str, int] = {}
    unknown_names: set[str] = set()
    checked_header = False
    for number, raw in rows:
        result.rows += 1
        if isinstance(raw, str):
            result.errors.append(RowError(source=source, row=number, message=f"row {raw}"))
            continue
        row, extra = _split_columns(raw, columns)
        if check_header and not checked_header:
            _require_columns(row, columns, source)
            checked_header = True
        unknown_names.update(extra)
        problem = _row_problem(row | extra, max_chars)
        if problem is not None:
            result.errors.append(
                RowError(source=source, row=number, field=problem[0], message=problem[1])
            )
            _remember_failed_key(result, row, columns)
            continue
        if unknown is not None:
            unknown(row, extra)
        try:
            record = model.model_validate(row)
        except ValidationError as exc:
            result.errors.extend(_row_errors(exc, source, number))
            _remember_failed_key(result, row, columns)
            continue
        record_key = key(record)
        if record_key in seen:
            result.errors.append(
                RowError(
                    source=source,
                    row=number,
                    field=columns.key_column,
                    message=f"duplicate {record_key!r}: first seen in row {seen[record_key]}; "
                    "this row was skipped",
                )
            )
            continue
        seen[record_key] = number
        result.records.append((number, record))
    dropped = unknown_names & columns.personal
    if dropped:
        result.warnings.append(
            f"{source}: personal columns not stored: {', '.join(sorted(dropped))}"
        )
    unknown_names -= columns.personal
    if unknown_names:
        verb = "kept as attributes" if unknown is not None else "ignored"
        result.warnings.append(
            f"{source}: unknown columns {verb}: {', '.join(sorted(unknown_names))}"
        )
    return result


def _split_columns(raw: Row, columns: Columns) -> tuple[Row, dict[str, Any]]:
    row: Row = {}
    extra: dict[str, Any] = {}
    for header, value in raw.items():
        if header == "__extra__":
            extra["__extra__"] = value
            continue
        name = columns.rename(str(header))
        (row if name in columns.known else extra)[name] = value
    return row, extra


def _require_columns(row: Row, columns: Columns, source: str) -> None:
    missing = [name for name in columns.required if name not in row]
    if missing:
        flags = ",".join(f"{name}=YOUR_COLUMN" for name in missing)
        raise SourceError(
            source,
            f"has no {', '.join(repr(m) for m in missing)} column",
            hint=f"name the columns that hold them with --map {flags}",
        )


def _row_problem(row: Row, max_chars: int) -> tuple[str | None, str] | None:
    """Encoding and size problems, which pydantic's messages would only blur."""
    if "__extra__" in row:
        return None, "has more values than the header has columns"
    for name, value in row.items():
        if not isinstance(value, str):
            continue
        if _BAD_BYTES.search(value):
            return name, (
                "is not valid UTF-8; save the file as UTF-8, "
                "or pass --encoding with the file's encoding (e.g. cp1252)"
            )
        if len(value) > max_chars:
            return name, f"is {len(value):,} characters long; the limit is {max_chars:,}"
    return None


def _row_errors(exc: ValidationError, source: str, number: int) -> list[RowError]:
    errors = []
    for error in exc.errors(include_url=False):
        field_name = str(error["loc"][0]) if error["loc"] else None
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing" or error.get("input", "") is None:  # blank became None
            message = "is required but missing or empty"
        errors.append(RowError(source=source, row=number, field=field_name, message=message))
    return errors


def _remember_failed_key(result: SourceRead[Any], row: Row, columns: Columns) -> None:
    value = row.get(columns.key_column)
    if isinstance(value, str) and value.strip():
        result.failed_keys.add(value.strip())
