"""The optional cross-encoder seam, on a tiny model the test builds (none ships with aisle)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.composition import Components
from retrieval.errors import ModelNotInstalledError
from retrieval.rerankers.cross_encoder import CrossEncoderReranker
from tests.integration.conftest import make_components

pytestmark = pytest.mark.integration
WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hiking", "boot", "tent", "earbuds", "kit"]


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer BERT cross-encoder with random (seeded) weights and a ten-word vocabulary."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    directory = tmp_path_factory.mktemp("cross-encoder")
    (directory / "vocab.txt").write_text("\n".join(WORDS))
    torch.manual_seed(7)
    config = BertConfig(
        vocab_size=len(WORDS),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(directory)
    BertTokenizerFast(vocab_file=str(directory / "vocab.txt")).save_pretrained(directory)
    return directory


def test_reranker_reorders_the_top_of_hybrid_results(
    tiny_cross_encoder: Path, mini_store: Path, tmp_path: Path, embedder: Any, ingest: Any
) -> None:
    components: Components = make_components(
        tmp_path / "reranked", embedder, reranker_model=tiny_cross_encoder
    )
    from ingest.job import IngestOptions, run_ingest

    run_ingest(IngestOptions(path=mini_store), components.ingest_context())
    hits = components.product_search.search("hiking boot kit", 5).hits
    expected = CrossEncoderReranker(tiny_cross_encoder).score(
        "hiking boot kit", [h.text for h in hits]
    )
    assert [h.score for h in hits] == pytest.approx(sorted(expected, reverse=True))
    assert len({round(s, 6) for s in expected}) > 1  # the model does discriminate


def test_a_missing_reranker_model_says_how_to_fix_it(tmp_path: Path) -> None:
    reranker = CrossEncoderReranker(tmp_path / "nothing-here")
    with pytest.raises(ModelNotInstalledError, match="no cross-encoder") as caught:
        reranker.score("boots", ["a boot"])
    assert caught.value.hint and "AISLE_RERANKER_MODEL" in caught.value.hint
