"""Choose the document thresholds by cross-validation on the training data, never the test sets.

``python -m guardrails.injection.calibrate [--target-fpr 0.005]`` splits the document training
set into folds by group (a BIPIA category, a composed frame, one store document), so every
held-out attack is unlike anything its model saw. For each fold it trains the document model on
the other folds, plants each held-out attack inside a held-out store document (between two
sentences, as an attacker would), and checks those and the held-out benign documents exactly as
the detector does: heuristics, then windows by probability alone or off-topic. It then picks
the thresholds that catch the most planted attacks while flagging at most ``--target-fpr`` of
the benign documents, and prints them as one JSON object on the last line, with the
cross-validated detection rate per source. Copy the thresholds into ``InjectionConfig``.

``--messages`` does the same for the message model: folds by group (a cluster of near-copies
of one jailbreak, one written text), the embedder reading ``--head-tokens`` and
``--tail-tokens`` of each (``message_head_tokens`` and ``message_tail_tokens``), out-of-fold
probabilities for every training message at
each regularisation in ``MESSAGE_C``, the rules over each message, and, per regularisation,
the threshold that catches the most attacks (rules or classifier) while flagging at most
``--target-fpr`` of the benign messages. Copy them into ``MESSAGE_REGULARISATION`` and
``message_threshold``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from guardrails.injection.classifier import InjectionClassifier, clip, features, train_model
from guardrails.injection.config import InjectionConfig
from guardrails.injection.detector import DocumentThresholds, context_similarities
from guardrails.injection.directives import DOCUMENT_RULES
from guardrails.injection.heuristics import FAMILIES, RULES, scan
from guardrails.injection.normalise import decoded_segments, views
from guardrails.injection.training import Kind, TrainingSet, load_training_sets
from guardrails.injection.windows import split_windows
from retrieval.types import Embedder

FOLDS = 5
MIN_HOST_WINDOWS = 3
ALONE = (0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995)
OFF_TOPIC = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SIMILARITY = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
ON_TOPIC = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 1.0)
MESSAGE_C = (1.0, 4.0, 16.0)
MESSAGE_THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.875, 0.9, 0.925, 0.95)


@dataclass(frozen=True)
class CheckedDocument:
    """One held-out document as the detector sees it, and where it came from."""

    source: str
    text: str
    heuristic: bool
    probabilities: list[float]
    context: list[float]


class _MemoEmbedder:
    """Wraps an embedder so that each text is embedded once across all the folds."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._seen: dict[str, list[float]] = {}

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            self._seen.update(zip(missing, self._inner.embed_documents(missing), strict=True))
        return [self._seen[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _fold(group: str, folds: int) -> int:
    return int(hashlib.sha256(f"fold:{group}".encode()).hexdigest(), 16) % folds


def plant(instruction: str, host: str) -> str:
    """``instruction`` between two sentences of ``host``, at a position fixed by a hash."""
    sentences = re.split(r"(?<=[.!?])\s+", host)
    digest = hashlib.sha256(f"{instruction}\x1f{host}".encode()).hexdigest()
    at = int(digest, 16) % (len(sentences) + 1)
    joiner = "\n" if "\n" in instruction else " "
    return joiner.join([*sentences[:at], instruction, *sentences[at:]])


def check_documents(
    classifier: InjectionClassifier, documents: Sequence[tuple[str, str]]
) -> list[CheckedDocument]:
    """``(source, text)`` documents through the detector's document path, thresholds aside."""
    checked = []
    for source, text in documents:
        readings = views(text)
        windows = split_windows(readings[0]) + decoded_segments(readings[0])
        scored = classifier.windows(windows)
        heuristic = bool(scan(readings, FAMILIES, RULES + DOCUMENT_RULES))
        context = context_similarities(scored.vectors)
        checked.append(CheckedDocument(source, text, heuristic, scored.probabilities, context))
    return checked


def cross_validate(
    embedder: Embedder, data: TrainingSet, folds: int = FOLDS
) -> tuple[list[CheckedDocument], list[CheckedDocument]]:
    """Held-out benign documents and held-out attacks planted in held-out hosts, checked."""
    memo = _MemoEmbedder(embedder)
    rows = list(zip(data.texts, data.labels, data.groups, strict=True))
    benign: list[CheckedDocument] = []
    attacks: list[CheckedDocument] = []
    for k in range(folds):
        train = [r for r in rows if _fold(r[2], folds) != k]
        held = [r for r in rows if _fold(r[2], folds) == k]
        subset = TrainingSet(*(tuple(column) for column in zip(*train, strict=True)))
        empty = TrainingSet((), (), ())
        training: dict[Kind, TrainingSet] = {"document": subset, "message": empty}
        classifier = InjectionClassifier(memo, training, window_cache_size=0)
        hosts = [t for t, y, _ in held if y == 0 and len(split_windows(t)) >= MIN_HOST_WINDOWS]
        benign += check_documents(classifier, [(g, t) for t, y, g in held if y == 0])
        planted = [(g, plant(t, hosts[_fold(t, len(hosts))])) for t, y, g in held if y == 1]
        attacks += check_documents(classifier, planted)
    return benign, attacks


def _flagged(document: CheckedDocument, thresholds: DocumentThresholds) -> bool:
    if document.heuristic:
        return True
    return thresholds.flagged_window(document.probabilities, document.context) is not None


def choose_thresholds(
    benign: list[CheckedDocument], attacks: list[CheckedDocument], target_fpr: float
) -> dict[str, Any]:
    """The grid point with the most attacks caught and at most ``target_fpr`` false alarms."""
    allowed = int(target_fpr * len(benign))
    best: tuple[int, float, float, float, float] | None = None
    grid = itertools.product(ALONE, OFF_TOPIC, SIMILARITY, ON_TOPIC)
    for alone, off_topic, similarity, on_topic in grid:
        thresholds = DocumentThresholds(alone, off_topic, similarity, on_topic)
        if sum(_flagged(d, thresholds) for d in benign) > allowed:
            continue
        caught = sum(_flagged(d, thresholds) for d in attacks)
        # Ties go to the stricter point: higher thresholds, lower similarities. The on-topic
        # exemption is taken as far as it costs no caught attack, because the benign
        # look-alikes here are single sentences and cannot show what it saves.
        candidate = (caught, alone, off_topic, -similarity, -on_topic)
        if best is None or candidate > best:
            best = candidate
    if best is None:
        raise ValueError(f"no grid point keeps false alarms at or below {target_fpr}")
    chosen = DocumentThresholds(best[1], best[2], -best[3], -best[4])
    return {
        "document_threshold": chosen.alone,
        "off_topic_threshold": chosen.off_topic,
        "off_topic_similarity": chosen.context_similarity,
        "on_topic_similarity": chosen.on_topic_similarity,
        "cv_tpr": round(best[0] / len(attacks), 4),
        "cv_fpr": round(sum(_flagged(d, chosen) for d in benign) / len(benign), 4),
        "cv_tpr_by_source": _rates(attacks, chosen),
        "cv_heuristics_only_tpr": round(sum(d.heuristic for d in attacks) / len(attacks), 4),
        "attacks": len(attacks),
        "benign": len(benign),
    }


def _rates(documents: list[CheckedDocument], thresholds: DocumentThresholds) -> dict[str, float]:
    by_source: dict[str, list[bool]] = defaultdict(list)
    for document in documents:
        source = re.split(r"[/#]", document.source)[0]
        by_source[source].append(_flagged(document, thresholds))
    return {s: round(sum(v) / len(v), 4) for s, v in sorted(by_source.items())}


def calibrate_messages(
    embedder: Embedder, data: TrainingSet, folds: int, target_fpr: float
) -> dict[str, Any]:
    """Per regularisation, the best message threshold within ``target_fpr`` and its rates."""
    memo = _MemoEmbedder(embedder)
    texts = [clip(t) for t in data.texts]
    labels = np.array(data.labels)
    fold = np.array([_fold(g, folds) for g in data.groups])
    sources = [g.split("#")[0] for g in data.groups]
    ruled = np.array([bool(scan(views(t), FAMILIES, RULES)) for t in data.texts])
    vectors = np.array(memo.embed_documents(texts))
    results: dict[str, Any] = {}
    for c in MESSAGE_C:
        held = np.zeros(len(texts))
        for f in range(folds):
            train = np.flatnonzero(fold != f)
            subset = TrainingSet(
                tuple(texts[i] for i in train), tuple(int(labels[i]) for i in train)
            )
            vectoriser, model = train_model(memo, subset, "message", c)
            test = np.flatnonzero(fold == f)
            rows = features(vectors[test], vectoriser, [texts[i] for i in test])
            held[test] = model.predict_proba(rows)[:, 1]
        best: dict[str, Any] | None = None
        for threshold in MESSAGE_THRESHOLDS:
            flagged = ruled | (held >= threshold)
            fpr = float(flagged[labels == 0].mean())
            tpr = float(flagged[labels == 1].mean())
            if fpr <= target_fpr and (best is None or tpr > best["tpr"]):
                per_source = defaultdict(list)
                for source, label, hit in zip(sources, labels, flagged, strict=True):
                    if label == 1:
                        per_source[source].append(bool(hit))
                best = {"message_threshold": threshold, "tpr": round(tpr, 4),
                        "fpr": round(fpr, 4),
                        "tpr_by_source": {k: round(sum(v) / len(v), 3)
                                          for k, v in sorted(per_source.items())}}  # fmt: skip
        results[f"C={c:g}"] = best
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the cross-validation and print the chosen thresholds as JSON on the last line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target-fpr", type=float, default=0.005, help="benign documents flagged")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--show", type=int, default=0, help="print this many misses to stderr")
    parser.add_argument("--messages", action="store_true", help="the message model instead")
    parser.add_argument(
        "--embedding",
        choices=("int8", "float32"),
        default="float32",
        help="the embedder to read with (int8: the `message_embedding` option of messages)",
    )
    default = InjectionConfig()
    parser.add_argument(
        "--head-tokens",
        type=int,
        default=default.message_head_tokens,
        help="with --messages: tokens from a message's start that the embedder reads",
    )
    parser.add_argument(
        "--tail-tokens",
        type=int,
        default=default.message_tail_tokens,
        help="with --messages: tokens from its end",
    )
    args = parser.parse_args(argv)
    from assistant.settings import Settings  # the dev tool reads the runtime's cache directory
    from retrieval.embedders.budget import TokenBudgetEmbedder
    from retrieval.embedders.minilm import MiniLMEmbedder

    quantised = args.embedding == "int8"
    embedder = MiniLMEmbedder(onnx_dir=Settings().model_cache_dir, quantised=quantised)
    if args.messages:
        messages = load_training_sets()["message"]
        reader = TokenBudgetEmbedder(
            embedder, embedder.model_dir, args.head_tokens, args.tail_tokens
        )
        chosen = calibrate_messages(reader, messages, args.folds, args.target_fpr)
        print(json.dumps(chosen))
        return 0

    data = load_training_sets()["document"]
    benign, attacks = cross_validate(embedder, data, args.folds)
    report = choose_thresholds(benign, attacks, args.target_fpr)
    if args.show:
        _show(benign, attacks, report, args.show)
    print(json.dumps(report))
    return 0


def _show(
    benign: list[CheckedDocument], attacks: list[CheckedDocument], report: dict[str, Any], n: int
) -> None:
    """The false alarms and up to ``n`` misses at the chosen thresholds, on stderr."""
    chosen = DocumentThresholds(
        report["document_threshold"],
        report["off_topic_threshold"],
        report["off_topic_similarity"],
        report["on_topic_similarity"],
    )
    for label, documents, wanted in (("false alarm", benign, True), ("miss", attacks, False)):
        shown = [d for d in documents if _flagged(d, chosen) == wanted][: n if not wanted else None]
        for d in shown:
            windows = split_windows(views(d.text)[0])
            at = max(range(len(d.probabilities)), key=d.probabilities.__getitem__)
            where = windows[at] if at < len(windows) else "(decoded segment)"
            print(
                f"{label} [{d.source}] p={d.probabilities[at]:.2f} "
                f"context={d.context[at]:.2f}: {where[:110]!r}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    sys.exit(main())
