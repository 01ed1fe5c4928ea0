"""Streaming sha256 of model files, with a small cache so a verified file is not re-read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20
_verified: dict[tuple[tuple[str, int, int], ...], str] = {}


def sha256_of_files(paths: Iterable[Path]) -> str:
    """The sha256 of the files' bytes concatenated in order (parts of a split model).

    Results are cached per process by path, size and mtime, so asking twice is free.
    """
    files = list(paths)
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    if key not in _verified:
        digest = hashlib.sha256()
        for path in files:
            with path.open("rb") as handle:
                while block := handle.read(_CHUNK):
                    digest.update(block)
        _verified[key] = digest.hexdigest()
    return _verified[key]
