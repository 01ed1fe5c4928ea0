"""Reading JSON Lines datasets: one object per line, errors naming the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evals.errors import DatasetError


def read_objects(path: Path, hint: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for every non-blank line; ``DatasetError`` (with ``hint``) else."""
    if not path.is_file():
        raise DatasetError(f"{path} is missing", hint=hint)
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})", hint=hint) from None
            if not isinstance(row, dict):
                raise DatasetError(f"{path}:{n}: expected a JSON object", hint=hint)
            yield n, row
