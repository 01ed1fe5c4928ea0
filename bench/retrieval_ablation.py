"""Which parts of hybrid search earn their place: each variant scored on one BEIR set.

    python -m bench.retrieval_ablation [--dataset data/eval/retrieval-demo]

The corpus is indexed once; every variant searches the same indexes. Prints one JSON object
(variant → nDCG@10, recall@10, recall@50, MRR@10) on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from assistant.composition import bundled_embedder
from assistant.settings import Settings
from evals.datasets.beir import load_beir
from evals.suites.retrieval import RetrievalEval
from retrieval.hybrid import HybridConfig

BASE = HybridConfig()
VARIANTS = {
    "hybrid (default)": BASE,
    "no query understanding": replace(BASE, understand_queries=False),
    "filters tiered": replace(BASE, filter_weight=0.0),
    "filter weight 2": replace(BASE, filter_weight=2.0),
    "filter weight 1": replace(BASE, filter_weight=1.0),
    "category/brand boost 0.5": replace(BASE, hint_weight=0.5),
    "no typo correction": replace(BASE, correct_spelling=False),
    "dense weight 1.5": replace(BASE, dense_weight=1.5),
    "lexical weight 1.5": replace(BASE, lexical_weight=1.5),
    "rrf k=20": replace(BASE, rrf_k=20),
    "candidates 50": replace(BASE, candidates=50),
}


def main() -> None:
    """Score every variant and print the table as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("data/eval/retrieval-demo"))
    args = parser.parse_args()
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    dataset = load_beir(args.dataset)
    results = {}
    with tempfile.TemporaryDirectory(prefix="aisle-ablation-") as workdir:
        run = RetrievalEval(dataset, bundled_embedder(Settings()), Path(workdir))
        results["bm25"] = run.run("bm25").summary()
        results["dense"] = run.run("dense").summary()
        for name, config in VARIANTS.items():
            run.searcher = run.searcher_with(config)
            results[name] = run.run("hybrid").summary()
    print(json.dumps({"dataset": str(args.dataset), "variants": results}))


if __name__ == "__main__":
    main()
