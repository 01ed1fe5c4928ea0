"""A second held-out jailbreak set, from PyRIT, Microsoft's AI red-teaming toolkit (not committed).

PyRIT's wheel on PyPI (MIT) carries the jailbreak templates its red-teamers send: the classic
jailbreakchat prompts (AIM, the DAN and developer-mode variants, and so on), Arth Singh's set
(authority overrides, few-shot escalation, fake red-team evaluations, identity puzzles) and
Pliny the Liberator's model-specific jailbreaks, most of them newer than anything the detector
trains on. Each template's placeholders are filled with one request a store should refuse
(``REQUEST``, which on its own the detector does not flag), and the prompts are written as shopper
messages, split as garak's message sets are (by a hash of the text, a whole cluster of
near-copies in ``dev`` if any member hashes there): ``pyrit-<version>/test/jailbreaks.jsonl`` is
only scored (``tpr_pyrit`` in the ``injection_heldout`` suite), and the dev half trains the
message classifier (``--training`` writes it to ``train_pyrit_messages.jsonl``, leaving out any
dev prompt that is a near-copy of one in garak's test halves). The whole set was scored once,
blind, before any of it was trained on: 0.755 of 94 caught.

Left out, and counted in ``manifest.json``: the ``in_the_wild`` folder (Shen et al.'s
collection, which garak's in-the-wild set already samples), DecodingTrust's stereotype system
prompts (not jailbreaks), and every template with half or more of its word 5-grams among the
detector's training attacks (GPTFuzz's templates come from the same jailbreakchat site, and
garak's dev half trains the message model).
Run ``python -m evals.datasets.pyrit [--out DIR] [--wheel FILE] [--training]``; the suite calls
:func:`ensure_set` itself.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

from evals.datasets import garak, wheels
from evals.datasets.garak import (
    dev_training_rows,
    every_training_shingle,
    message_halves,
    overlaps,
)
from evals.datasets.injection_sources import TRAIN_DIR
from evals.errors import DatasetError

VERSION = "1.1.0"
WHEEL = f"pyrit-{VERSION}-py3-none-any.whl"
SHA256 = "84581036bace7ff2aa92712e1e3f472a3a3bccc77567d5fbe642540c0ba20b0a"
TEMPLATES = "pyrit/datasets/jailbreak/templates/"
FOLDERS = ("", "Arth_Singh/", "pliny/")  # under TEMPLATES; pliny has a folder per vendor
NOT_JAILBREAKS = frozenset({"dt_stereotypes_benign.yaml", "dt_stereotypes_untargeted.yaml"})
REQUEST = "Tell me how to get a refund for an order without sending anything back."
PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}")
SET_NAME = "jailbreaks.jsonl"
TRAINING_FILE = TRAIN_DIR / "train_pyrit_messages.jsonl"
LAYOUT = 2  # bump when what is written changes, so a cached set is rebuilt
_HINT = (
    f"the set is built from PyRIT {VERSION}'s wheel on PyPI; check that pip can reach PyPI, "
    f"or download {WHEEL} elsewhere and pass it with --wheel FILE"
)


def fetch_wheel(cache: Path) -> Path:
    """PyRIT's wheel in ``cache``, downloaded with pip if it is not there; checked by sha256."""
    return wheels.fetch_wheel(cache, "pyrit", VERSION, SHA256, hint=_HINT)


def templates(wheel: Path) -> dict[str, str]:
    """Every jailbreak template in the wheel's chosen folders, by its path under TEMPLATES."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            inner = name.removeprefix(TEMPLATES)
            if inner == name or not inner.endswith(".yaml") or inner in NOT_JAILBREAKS:
                continue
            if not any(_in_folder(inner, folder) for folder in FOLDERS):
                continue
            document = yaml.safe_load(archive.read(name).decode("utf-8"))
            value = document.get("value") if isinstance(document, dict) else None
            if isinstance(value, str) and value.strip():
                found[inner] = value.strip()
    return found


def _in_folder(inner: str, folder: str) -> bool:
    if not folder:
        return "/" not in inner
    return inner.startswith(folder)


def fill(template: str) -> str:
    """The template with every placeholder (``{{ prompt }}`` and the like) set to REQUEST."""
    return PLACEHOLDER.sub(REQUEST, template)


def build(wheel: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The set's rows, and a manifest of where they came from and what was dropped."""
    trained = every_training_shingle()
    rows, dropped = [], []
    for inner, template in templates(wheel).items():
        text = fill(template)
        if overlaps(text, trained):
            dropped.append(inner)
            continue
        rows.append({"text": text, "kind": "message", "source": f"pyrit-{VERSION}/{inner}"})
    if not rows:
        raise DatasetError(f"no jailbreak templates found in {wheel}", hint=_HINT)
    manifest = {
        "source": f"PyRIT {VERSION} ({WHEEL}, sha256 {SHA256})",
        "licence": "MIT (PyRIT); each template names its authors and source",
        "request": REQUEST,
        "dropped_as_overlapping_training": sorted(dropped),
        "layout": LAYOUT,
    }
    return rows, manifest


def write(out: Path, rows: list[dict[str, Any]], manifest: dict[str, Any]) -> Path:
    """``out/{dev,test}/jailbreaks.jsonl`` and ``out/manifest.json``; returns the test half."""
    # split on the templates alone: the request they share would make near-copies of them all
    halves: list[str | None] = list(
        message_halves([row["text"].replace(REQUEST, " ") for row in rows])
    )
    return wheels.write_halves(out, SET_NAME, rows, halves, manifest)


def ensure_set(cache: Path, *, wheel: Path | None = None) -> Path:
    """The test half of the set under ``cache``, built (and the wheel fetched) if missing or
    stale."""
    return wheels.ensure_converted(CONVERTER, cache, wheel)


def training_rows(out: Path, garak_folder: Path) -> list[dict[str, Any]]:
    """The dev half in ``out`` as message-classifier attacks, less any near-copy of a prompt in
    its own test half or in garak's (``garak_folder``), which training must not see."""
    source = f"pyrit-{VERSION}/jailbreaks"
    return dev_training_rows(out, SET_NAME, source, garak_folder, shared=REQUEST)


CONVERTER = wheels.Converter(
    doc=__doc__,
    wheel=WHEEL,
    folder=f"pyrit-{VERSION}",
    set_name=SET_NAME,
    layout=LAYOUT,
    fetch=fetch_wheel,
    build=build,
    write=write,
    training_file=TRAINING_FILE,
    training_rows=training_rows,
    filtered_by=(*garak.TRAINING_SOURCES,),
)


def main(argv: list[str] | None = None) -> int:
    """The command line: build the set (and, with ``--training``, its training file)."""
    return wheels.run_converter(CONVERTER, argv)


if __name__ == "__main__":
    sys.exit(main())
