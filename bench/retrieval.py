"""Retrieval latency benchmark: hybrid search at 1k, 10k and 100k products, 1 and 8 clients.

    python -m bench.retrieval [--scales 1000,10000,100000] [--queries 200]

What is timed is the whole ``HybridSearcher.search(query, k=10)`` the assistant runs, query
embedding by the real MiniLM model included, over the 174 shopper queries of
``data/eval/retrieval-demo`` (cycled): first ``--queries`` searches one after another (1 client),
then 8 threads of one process sharing the searcher, each running a fifth as many (8 clients).
The embedder encodes one text at a time behind a lock, so the 8 clients queue on it: that is how
the service behaves, and it is measured as such. The goal is p95 <= 50 ms at 10k products with one
client on 2 cores. To show where the time goes, each scale also reports the single-client mean per
stage (``split_ms_1``: query embedding, typo correction, Chroma queries and fetches, BM25, the
rest) and latency of queries with and without filters (a filtered query searches twice).
``foreign_cpu_share`` is the share of the machine's CPU other processes used while searching:
figures taken on a busy machine (say, beside a test run) are not comparable.

The catalog is scaled from the 874 demo products: product ``i`` copies demo product ``i % 874``
(the first 874 are the originals) with its own id, a title varied by a model name and number and
sometimes a made-up brand word (so the keyword vocabulary grows as a real catalog's does), and a
price scaled by U(0.7, 1.3) so price filters select realistic fractions.

Embeddings: only the 874 real texts are embedded with the real model (100k long texts would take
about 25 minutes on 2 cores). Each copy gets its source's vector plus seeded Gaussian noise
(sigma 0.02 per dimension), re-normalised. HNSW search cost depends on the number and dimension of
vectors, not on their meaning, so latency and memory are representative; relevance is not.

Each scale runs in its own subprocess so its memory is measured cleanly: resident memory (VmRSS)
is read with the model and the English word list loaded but before the store is built, and again
once the store and keyword index are built, the searcher warmed and the build inputs freed.
``mb_per_10k_products`` is the slope of that growth across scales (fixed costs cancel out);
``peak_rss_mb`` is the high-water mark, reached while building. ``build_s`` covers writing the
store (vectors given) and building the keyword index. The stores live in temporary directories.
Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.composition import bundled_embedder
from assistant.settings import Settings
from evals.datasets.beir import CorpusDoc, load_beir
from evals.suites.retrieval import chroma_metadata
from retrieval.embedders.minilm import MiniLMEmbedder
from retrieval.hybrid import HybridSearcher
from retrieval.lexical.bm25 import BM25Index
from retrieval.lexical.fields import lexical_text
from retrieval.lexical.spelling import english_words
from retrieval.stores.chroma import ChromaStore

DATASET = Path("data/eval/retrieval-demo")
COLLECTION = "bench"
SCALES = (1_000, 10_000, 100_000)
GOAL_SCALE, GOAL_P95_MS = 10_000, 50
CLIENTS = 8
WARMUP_QUERIES = 10
SEED = 20240611
NOISE_SIGMA = 0.02
ADD_CHUNK = 5_000  # products embedded (perturbed) and written per step, to bound memory
EMBEDDINGS = "874 real + perturbed copies (sigma 0.02, re-normalised); queries embedded for real"
MODEL_WORDS = ("Pro", "Lite", "Max", "Plus", "Sport", "Trail", "Edge", "Air", "Flex", "Ultra")
ONSETS = ("b", "br", "c", "d", "f", "g", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "v")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
ENDINGS = ("n", "r", "l", "x", "vik", "ra", "ton", "ley", "mont", "son", "dale", "ix", "a", "o")

Vectors = npt.NDArray[np.float32]


# --- the synthetic catalog -------------------------------------------------------------------


def brand_words(count: int, rng: random.Random) -> list[str]:
    """``count`` made-up brand-like words (``Brenvik``, ``Tolara``…)."""
    return [
        (rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(ONSETS) + rng.choice(ENDINGS)).title()
        for _ in range(count)
    ]


def varied_title(title: str, brands: Sequence[str], rng: random.Random) -> str:
    """``title`` with a model name and number, and three times in ten a brand word in front."""
    model = f"{rng.choice(MODEL_WORDS)} {rng.choice('ABCDEFGHKLMRSTVXZ')}{rng.randint(2, 990)}"
    prefix = f"{rng.choice(brands)} " if rng.random() < 0.3 else ""
    return f"{prefix}{title} {model}"


def repriced(metadata: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``metadata`` with its prices scaled by one U(0.7, 1.3) factor (price_max stays >= price)."""
    factor = rng.uniform(0.7, 1.3)
    prices = {
        key: round(value * factor, 2)
        for key in ("price", "price_max", "compare_at_price")
        if isinstance(value := metadata.get(key), int | float) and not isinstance(value, bool)
    }
    return metadata | prices


def synthetic_catalog(
    corpus: Sequence[CorpusDoc], size: int, seed: int = SEED
) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """Ids, texts and Chroma metadata of ``size`` products scaled from ``corpus``."""
    rng = random.Random(seed)
    brands = brand_words(max(20, size // 50), rng)
    ids, texts, metas = [], [], []
    for i in range(size):
        source = corpus[i % len(corpus)]
        doc = source
        if i >= len(corpus):
            doc = CorpusDoc(
                id=f"{source.id}-{i:06d}",
                title=varied_title(source.title, brands, rng),
                text=source.text,
                metadata=repriced(source.metadata, rng),
            )
        ids.append(doc.id)
        texts.append(f"{doc.title}\n{doc.text}".strip())
        metas.append(chroma_metadata(doc))
    return ids, texts, metas


def perturbed_vectors(demo: Vectors, start: int, end: int, seed: int = SEED) -> Vectors:
    """Vectors of products ``start..end``: the demo vector for originals, noisy unit copies else."""
    rows = np.arange(start, end)
    vectors = demo[rows % len(demo)].copy()
    copies = rows >= len(demo)
    noise = np.random.default_rng([seed, start]).normal(0.0, NOISE_SIGMA, vectors.shape)
    vectors[copies] += noise[copies].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


# --- measuring ---------------------------------------------------------------------------------


class StageClock:
    """Seconds spent in each stage of search; read it only after a single-threaded run."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def timed(self, stage: str, call: Callable[..., Any]) -> Callable[..., Any]:
        """``call``, adding its run time to ``stage``."""

        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start

        return run


def time_stages(
    clock: StageClock, embedder: MiniLMEmbedder, store: ChromaStore, index: BM25Index
) -> None:
    """Make these instances report their search-time calls to ``clock`` (behaviour unchanged)."""
    embedder.embed_query = clock.timed("embed", embedder.embed_query)  # type: ignore[method-assign]
    store.query = clock.timed("chroma_query", store.query)  # type: ignore[method-assign]
    store.get_documents = clock.timed("chroma_get", store.get_documents)  # type: ignore[method-assign]
    index.search = clock.timed("bm25", index.search)  # type: ignore[method-assign]
    index.speller.corrections = clock.timed("spelling", index.speller.corrections)  # type: ignore[method-assign]


def memory_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), in MB."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status (Linux only)")


def cpu_snapshot() -> tuple[float, float, float]:
    """Wall time, CPU seconds the whole machine has been busy, CPU seconds of this process."""
    ticks = [int(t) for t in Path("/proc/stat").read_text(encoding="utf-8").split()[1:9]]
    busy = sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait
    return time.perf_counter(), busy / os.sysconf("SC_CLK_TCK"), time.process_time()


def foreign_cpu_share(since: tuple[float, float, float]) -> float:
    """Share of the machine's CPU that other processes used since ``since`` (0: all ours)."""
    wall, busy, own = (now - then for now, then in zip(cpu_snapshot(), since, strict=True))
    return round(max(0.0, busy - own) / (wall * (os.cpu_count() or 1)), 3)


def release_freed_memory() -> None:
    """Collect garbage and hand freed heap back to the OS, so RSS shows what is still held."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: RSS may keep freed inputs
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def percentiles_ms(seconds: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of ``seconds``, in milliseconds."""
    p50, p95 = np.percentile(np.array(seconds) * 1000, [50, 95])
    return round(float(p50), 1), round(float(p95), 1)


def progress(message: str) -> None:
    """A stage note on stderr (stdout carries the result)."""
    print(f"[bench.retrieval] {message}", file=sys.stderr, flush=True)


# --- one scale (the worker process) -----------------------------------------------------------


def build_searcher(
    workdir: Path, size: int, demo: Vectors, embedder: MiniLMEmbedder, clock: StageClock
) -> HybridSearcher:
    """Index ``size`` synthetic products into a Chroma store and a BM25 index under ``workdir``."""
    corpus = load_beir(DATASET).corpus
    ids, texts, metas = synthetic_catalog(corpus, size)
    store = ChromaStore.persistent(workdir / "chroma", embedder)
    for start in range(0, size, ADD_CHUNK):
        end = min(start + ADD_CHUNK, size)
        vectors = perturbed_vectors(demo, start, end).tolist()
        store.add(COLLECTION, ids[start:end], texts[start:end], metas[start:end], vectors)
    lexical = [lexical_text(t, m) for t, m in zip(texts, metas, strict=True)]
    index = BM25Index.build(ids, lexical, metadatas=metas)
    time_stages(clock, embedder, store, index)
    return HybridSearcher(store, COLLECTION, lambda: index, embedder)


@dataclass(frozen=True)
class Sample:
    """One timed search: how long it took, and whether the query carried filters."""

    seconds: float
    filtered: bool


def single_client(searcher: HybridSearcher, queries: Sequence[str], count: int) -> list[Sample]:
    """``count`` searches one after another, timed."""
    samples = []
    for query in islice(cycle(queries), count):
        start = time.perf_counter()
        result = searcher.search(query, k=10)
        samples.append(Sample(time.perf_counter() - start, bool(result.filters)))
    return samples


def concurrent_clients(
    searcher: HybridSearcher, queries: Sequence[str], clients: int, per_client: int
) -> tuple[list[Sample], float]:
    """Searches by ``clients`` threads started together, timed, and searches per second."""
    barrier = threading.Barrier(clients)

    def client(number: int) -> list[Sample]:
        own = list(islice(cycle(queries), number * per_client, (number + 1) * per_client))
        barrier.wait()
        return single_client(searcher, own, per_client)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        samples = [s for lists in pool.map(client, range(clients)) for s in lists]
    return samples, clients * per_client / (time.perf_counter() - start)


def stage_split(clock: StageClock, samples: Sequence[Sample]) -> dict[str, float]:
    """Mean milliseconds per search in each stage; ``other`` is parsing, masks, fusion, hits."""
    split = {k: round(v * 1000 / len(samples), 2) for k, v in sorted(clock.seconds.items())}
    total = sum(s.seconds for s in samples) * 1000 / len(samples)
    return split | {"other": round(total - sum(split.values()), 2)}


def by_filters(samples: Sequence[Sample]) -> dict[str, dict[str, float]]:
    """Single-client latency of queries with filters (two searches each) and without."""
    groups = {"with_filters": True, "without_filters": False}
    report = {}
    for name, filtered in groups.items():
        seconds = [s.seconds for s in samples if s.filtered is filtered]
        if seconds:
            p50, p95 = percentiles_ms(seconds)
            report[name] = {"share": round(len(seconds) / len(samples), 2), "p50": p50, "p95": p95}
    return report


def run_scale(size: int, demo: Vectors, queries: Sequence[str], count: int) -> dict[str, Any]:
    """Build, warm and measure one catalog size; returns its figures."""
    embedder, clock = bundled_embedder(Settings()), StageClock()
    embedder.embed_query("warm up the model")
    english_words()  # a fixed cost of the first typo correction, loaded before the baseline
    baseline = memory_mb()
    with tempfile.TemporaryDirectory(prefix="aisle-bench-retrieval-") as workdir:
        progress(f"{size}: building the store and keyword index")
        start = time.perf_counter()
        searcher = build_searcher(Path(workdir), size, demo, embedder, clock)
        build_s = time.perf_counter() - start
        single_client(searcher, queries[-WARMUP_QUERIES:], WARMUP_QUERIES)
        release_freed_memory()
        memory = {"rss_mb": memory_mb(), "peak_rss_mb": memory_mb("VmHWM")}
        memory["rss_delta_mb"] = memory["rss_mb"] - baseline
        progress(f"{size}: built in {build_s:.1f} s; {count} searches, 1 client")
        latency = measure_latency(searcher, clock, queries, count)
    return {"build_s": round(build_s, 1)} | {k: round(v, 1) for k, v in memory.items()} | latency


def measure_latency(
    searcher: HybridSearcher, clock: StageClock, queries: Sequence[str], count: int
) -> dict[str, Any]:
    """Latency with 1 client, then with 8 sharing the searcher, and where the time goes."""
    clock.seconds.clear()
    machine = cpu_snapshot()
    one = single_client(searcher, queries, count)
    split = stage_split(clock, one)
    progress(f"{CLIENTS} clients x {max(1, count // 5)} searches")
    many, qps = concurrent_clients(searcher, queries, CLIENTS, max(1, count // 5))
    p50_1, p95_1 = percentiles_ms([s.seconds for s in one])
    p50_8, p95_8 = percentiles_ms([s.seconds for s in many])
    return {
        "p50_ms_1": p50_1,
        "p95_ms_1": p95_1,
        "p50_ms_8": p50_8,
        "p95_ms_8": p95_8,
        "qps_8": round(qps, 1),
        "split_ms_1": split,
        "by_filters_ms_1": by_filters(one),
        "foreign_cpu_share": foreign_cpu_share(machine),
    }


# --- the whole run (the parent process) -------------------------------------------------------


def embed_demo(path: Path) -> None:
    """Embed the 874 demo products with the real model and save the vectors to ``path``."""
    corpus = load_beir(DATASET).corpus
    progress(f"embedding the {len(corpus)} demo products with MiniLM")
    texts = [f"{d.title}\n{d.text}".strip() for d in corpus]
    np.save(path, np.array(bundled_embedder(Settings()).embed_documents(texts), dtype=np.float32))


def run_worker(size: int, vectors: Path, count: int) -> dict[str, Any]:
    """Measure one scale in a fresh interpreter; returns the JSON it printed last."""
    command = [sys.executable, "-m", "bench.retrieval", "--worker", str(size)]
    command += ["--vectors", str(vectors), "--queries", str(count)]
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, env=env)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def mb_per_10k(scales: dict[int, dict[str, Any]]) -> float:
    """Memory growth per 10k products: the least-squares slope over scales (one scale: ratio)."""
    sizes = np.array(list(scales), dtype=np.float64)
    deltas = np.array([s["rss_delta_mb"] for s in scales.values()], dtype=np.float64)
    if len(sizes) < 2:
        return round(float(deltas[0] / sizes[0] * 10_000), 1)
    return round(float(np.polyfit(sizes, deltas, 1)[0] * 10_000), 1)


def run(sizes: Sequence[int], count: int) -> dict[str, Any]:
    """Run every scale; returns the report."""
    with tempfile.TemporaryDirectory(prefix="aisle-bench-vectors-") as tmp:
        vectors = Path(tmp) / "demo-vectors.npy"
        embed_demo(vectors)
        scales = {size: run_worker(size, vectors, count) for size in sizes}
    goal = scales.get(GOAL_SCALE)
    return {
        "scales": {str(size): figures for size, figures in scales.items()},
        "mb_per_10k_products": mb_per_10k(scales),
        "goal": {"p95_ms_at_10k": GOAL_P95_MS},
        "meets_goal": None if goal is None else goal["p95_ms_1"] <= GOAL_P95_MS,
        "cpus": os.cpu_count(),
        "embeddings": EMBEDDINGS,
        "queries": {"single_client": count, "per_client": max(1, count // 5), "clients": CLIENTS},
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scales",
        type=lambda s: [int(n) for n in s.split(",")],
        default=list(SCALES),
        help="catalog sizes, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=200,
        help="single-client searches per scale; each of the 8 clients runs a fifth as many",
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def demo_queries() -> list[str]:
    """The shopper queries of the demo golden set, in file order."""
    return [q.text for q in load_beir(DATASET).queries]


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry: prints the report as JSON on the last line of stdout."""
    args = parse_args(argv)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    if args.worker is not None:
        demo = np.load(args.vectors)
        print(json.dumps(run_scale(args.worker, demo, demo_queries(), args.queries)))
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is bundled: never reach the Hub
    start = time.perf_counter()
    report = run(args.scales, args.queries)
    progress(f"done in {time.perf_counter() - start:.0f} s")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
