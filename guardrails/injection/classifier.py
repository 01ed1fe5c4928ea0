"""A logistic-regression classifier over the bundled sentence embedding and TF-IDF of words
(and, for messages, of pieces of words).

Two models, trained on first use from the files in ``data/`` (see ``training``): one for shopper
messages, read whole, and one for windows of documents (retrieved chunks, ingested product
texts), because what is normal differs: "write me a poem" is an off-topic message but, planted
in a product description, an instruction meant for the model. The document model learns from
every window of its training texts, so it sees the same sentence-sized pieces it will judge.

Documents are checked at ingest and again whenever they are retrieved, and store copy repeats
itself (variants share a description, policies share boilerplate), so the embedding and score
of each document window are kept in a bounded least-recently-used cache keyed by the window.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from guardrails.injection.training import KINDS, Kind, TrainingSet, load_training_sets
from guardrails.injection.windows import split_windows
from retrieval.types import Embedder

__all__ = [
    "KINDS",
    "InjectionClassifier",
    "Kind",
    "ScoredWindows",
    "TrainingSet",
    "clip",
    "features",
]
HEAD_CHARS = 400
TAIL_CHARS = 200
MESSAGE_REGULARISATION = 16.0
DOCUMENT_REGULARISATION = 16.0
WINDOW_CACHE_SIZE = 8192
CALL_COST_CHARS = 300  # one more embedding call costs about as much as 300 characters of padding
CHAR_FEATURES = 50_000  # the most frequent character n-grams a message model keeps


class PassageEmbedder(Protocol):
    """What training needs of an embedder (LangChain's ``CacheBackedEmbeddings`` too)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class ScoredWindows:
    """The embedding (one unit-length row per window) and attack probability of each window."""

    vectors: np.ndarray[Any, np.dtype[np.float32]]
    probabilities: list[float]


def clip(text: str, head: int = HEAD_CHARS, tail: int = TAIL_CHARS) -> str:
    """Long texts as their ``head`` and ``tail`` characters: bounded embedding cost, both ends
    still seen. Clipping a clipped text again, shorter, is the same as clipping it once."""
    if len(text) <= head + tail:
        return text
    return f"{text[:head]} … {text[-tail:]}"


class InjectionClassifier:
    """Probability that a text is an injection, per kind; each model trains on first use.

    ``embedder`` embeds the texts checked and ``training_embedder`` the training sets (the same
    model, usually behind an on-disk cache, since every process trains again). The message
    model may read another embedder (``message_embedder``, trained through
    ``message_training_embedder``): aisle gives it the faster int8 graph.
    """

    def __init__(
        self,
        embedder: Embedder,
        training: dict[Kind, TrainingSet] | None = None,
        *,
        regularisation: float = MESSAGE_REGULARISATION,
        document_regularisation: float = DOCUMENT_REGULARISATION,
        window_cache_size: int = WINDOW_CACHE_SIZE,
        training_embedder: PassageEmbedder | None = None,
        message_embedder: Embedder | None = None,
        message_training_embedder: PassageEmbedder | None = None,
    ) -> None:
        document_training = training_embedder or embedder
        if message_embedder is None:  # one embedder for both models
            message_embedder, message_training_embedder = embedder, document_training
        self._embedders: dict[Kind, Embedder] = {
            "message": message_embedder,
            "document": embedder,
        }
        self._training_embedders: dict[Kind, PassageEmbedder] = {
            "message": message_training_embedder or message_embedder,
            "document": document_training,
        }
        self._training = training
        self._c: dict[Kind, float] = {
            "message": regularisation,
            "document": document_regularisation,
        }
        self._models: dict[Kind, tuple[Any, Any]] = {}
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[np.ndarray[Any, Any], float]] = OrderedDict()
        self._cache_size = window_cache_size
        self._cache_lock = threading.Lock()

    def scores(self, texts: Sequence[str], kind: Kind) -> list[float]:
        """The attack probability of each of ``texts``, read as ``kind``."""
        if not texts:
            return []
        if kind == "document":
            return self.windows(texts).probabilities
        clipped = [clip(t) for t in texts]
        return self._probabilities(clipped, self._embed(clipped, kind), kind)

    def windows(self, windows: Sequence[str]) -> ScoredWindows:
        """Embeddings and document-model probabilities of ``windows``, from the cache if seen."""
        found: dict[str, tuple[np.ndarray[Any, Any], float]] = {}
        with self._cache_lock:
            for window in windows:
                if window in self._cache:
                    self._cache.move_to_end(window)
                    found[window] = self._cache[window]
        missing = list(dict.fromkeys(w for w in windows if w not in found))
        if missing:
            vectors = self._embed(missing, "document")
            probabilities = self._probabilities(missing, vectors, "document")
            fresh = {
                w: (v.astype(np.float32), p)
                for w, v, p in zip(missing, vectors, probabilities, strict=True)
            }
            found.update(fresh)
            self._remember(fresh)
        rows = [found[w] for w in windows]
        matrix = np.array([v for v, _ in rows], dtype=np.float32).reshape(len(rows), -1)
        return ScoredWindows(matrix, [p for _, p in rows])

    def warm_up(self) -> None:
        """Train both models now rather than on the first check."""
        for kind in KINDS:
            self._model(kind)

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray[Any, Any]:
        """Embeddings in the order given, one model call per group of similar lengths."""
        embedder = self._embedders[kind]
        if len(texts) == 1:
            return np.array([embedder.embed_query(texts[0])])
        rows: list[list[float]] = [[] for _ in texts]
        for group in length_groups([len(t) for t in texts]):
            vectors = embedder.embed_documents([texts[i] for i in group])
            for i, vector in zip(group, vectors, strict=True):
                rows[i] = vector
        return np.array(rows)

    def _probabilities(self, texts: list[str], vectors: Any, kind: Kind) -> list[float]:
        import sklearn

        vectoriser, model = self._model(kind)
        # The rows are made here, finite, for a fitted model: scikit-learn's checks of its
        # inputs and parameters cost a third of a millisecond per message and find nothing.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            probabilities = model.predict_proba(features(vectors, vectoriser, texts))
        return [float(p) for p in probabilities[:, 1]]

    def _remember(self, fresh: dict[str, tuple[np.ndarray[Any, Any], float]]) -> None:
        if self._cache_size <= 0:
            return
        with self._cache_lock:
            self._cache.update(fresh)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _model(self, kind: Kind) -> tuple[Any, Any]:
        with self._lock:
            if kind not in self._models:
                if self._training is None:
                    self._training = load_training_sets()
                self._models[kind] = train_model(
                    self._training_embedders[kind], self._training[kind], kind, self._c[kind]
                )
            return self._models[kind]


def length_groups(lengths: Sequence[int], call_cost: int = CALL_COST_CHARS) -> list[list[int]]:
    """Indices of ``lengths`` split into groups to embed together, cheapest first.

    A batch is padded to its longest text, so one 400-character window embedded with fifteen
    short ones costs sixteen long ones. Sorting by length and cutting where the padding saved
    outweighs the cost of one more call (``call_cost``, in characters of padding) is solved
    exactly by dynamic programming; a document has at most a few dozen windows.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    size = [lengths[i] + 10 for i in order]  # + the special tokens every text carries
    best = [0] + [sys.maxsize] * len(order)
    start = [0] * (len(order) + 1)
    for end in range(1, len(order) + 1):
        for begin in range(end):
            cost = best[begin] + call_cost + (end - begin) * size[end - 1]
            if cost < best[end]:
                best[end], start[end] = cost, begin
    groups: list[list[int]] = []
    end = len(order)
    while end > 0:
        groups.append(order[start[end] : end])
        end = start[end]
    return groups[::-1]


def training_pairs(data: TrainingSet, kind: Kind) -> tuple[list[str], list[int]]:
    """The texts a model of ``kind`` learns from: messages clipped, documents as windows."""
    if kind == "message":
        return [clip(t) for t in data.texts], list(data.labels)
    pairs: dict[tuple[str, int], None] = {}  # a window repeated across documents counts once
    for text, label in zip(data.texts, data.labels, strict=True):
        for window in split_windows(text):
            pairs[(window, label)] = None
    return [t for t, _ in pairs], [y for _, y in pairs]


def train_model(
    embedder: PassageEmbedder, data: TrainingSet, kind: Kind, regularisation: float
) -> tuple[Any, Any]:
    """A fitted (TF-IDF vectoriser, logistic regression) pair for ``kind``.

    Messages are also read as character 3- to 5-grams within words: a jailbreak's made-up
    names, misspellings, other languages and code share pieces of words more often than whole
    words (cross-validated: 0.937 of training attacks caught at the same false alarms as 0.918).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    texts, labels = training_pairs(data, kind)
    vectoriser: Any = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    if kind == "message":
        pieces = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
            max_features=CHAR_FEATURES,
        )  # fmt: skip
        vectoriser = FeatureUnion([("words", vectoriser), ("pieces", pieces)])
    vectoriser.fit(texts)
    vectors = np.array(embedder.embed_documents(texts))
    model = LogisticRegression(C=regularisation, max_iter=3000, class_weight="balanced")
    model.fit(features(vectors, vectoriser, texts), labels)
    return vectoriser, model


def features(embeddings: Any, vectoriser: Any, texts: Sequence[str]) -> Any:
    """The sentence embedding of each of ``texts`` joined with its TF-IDF features, one sparse
    row per text. A ``FeatureUnion``'s parts are joined here directly: its own join, then this
    one, cost half a millisecond more on a long message."""
    from scipy import sparse
    from sklearn.pipeline import FeatureUnion

    if isinstance(vectoriser, FeatureUnion):
        blocks = [part.transform(texts) for _, part in vectoriser.transformer_list]
    else:
        blocks = [vectoriser.transform(texts)]
    return sparse.hstack([sparse.csr_matrix(embeddings), *blocks], format="csr")
