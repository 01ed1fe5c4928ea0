"""Token-level PII scoring, checked against hand-computed counts."""

from __future__ import annotations

import pytest

from evals.metrics.pii import (
    LabelledSpan,
    TokenCounts,
    f_beta,
    pii_scores,
    regex_tokens,
    score_text,
)

pytestmark = pytest.mark.unit

TYPES = ("PERSON", "PHONE_NUMBER", "STREET_ADDRESS")


def scores(text: str, gold: list[LabelledSpan], predicted: list[LabelledSpan]) -> dict:
    counts = TokenCounts.empty()
    score_text(counts, text, gold, predicted, entities=TYPES)
    return pii_scores(counts, TYPES)


def span(kind: str, text: str, value: str) -> LabelledSpan:
    start = text.index(value)
    return LabelledSpan(kind, start, start + len(value))


def test_regex_tokens_split_words_and_punctuation() -> None:
    text = "Ann, call 555-0100"
    assert [text[a:b] for a, b in regex_tokens(text)] == ["Ann", ",", "call", "555", "-", "0100"]


def test_f2_of_a_partial_match_is_computed_per_token() -> None:
    text = "Ann Lee lives at 12 Elm Road"
    gold = [span("PERSON", text, "Ann Lee"), span("STREET_ADDRESS", text, "12 Elm Road")]
    predicted = [span("PERSON", text, "Ann"), span("PERSON", text, "lives")]
    report = scores(text, gold, predicted)
    # gold PII tokens: Ann Lee 12 Elm Road = 5; predicted: Ann lives = 2; found: Ann = 1
    assert report["precision"] == 0.5
    assert report["recall"] == 0.2
    assert report["f2"] == pytest.approx(round(5 * 0.5 * 0.2 / (4 * 0.5 + 0.2), 4))
    person = report["per_entity"]["PERSON"]
    assert (person["precision"], person["recall"], person["support"]) == (0.5, 0.5, 2)
    assert report["per_entity"]["STREET_ADDRESS"]["recall"] == 0.0


def test_overall_counts_a_token_found_under_another_pii_type() -> None:
    text = "Ring 555 0100"
    report = scores(
        text, [span("PHONE_NUMBER", text, "555 0100")], [span("PERSON", text, "555 0100")]
    )
    assert (report["precision"], report["recall"], report["f2"]) == (1.0, 1.0, 1.0)
    assert report["per_entity"]["PHONE_NUMBER"]["recall"] == 0.0
    assert report["per_entity"]["PERSON"]["precision"] == 0.0


def test_empty_predictions_have_no_precision_and_zero_recall() -> None:
    text = "I am Ann"
    report = scores(text, [span("PERSON", text, "Ann")], [])
    assert report["precision"] is None
    assert report["recall"] == 0.0
    assert report["f2"] == 0.0


def test_no_gold_spans_make_every_prediction_a_false_positive() -> None:
    text = "Trailblazer Mid boot"
    report = scores(text, [], [span("PERSON", text, "Trailblazer Mid")])
    assert report["recall"] is None
    assert report["precision"] == 0.0
    assert report["per_entity"]["PHONE_NUMBER"]["f2"] is None  # neither gold nor predicted


def test_gold_spans_of_ignored_types_count_as_outside() -> None:
    text = "Ann works at Acme in Paris"
    gold = [
        span("PERSON", text, "Ann"),
        span("ORGANIZATION", text, "Acme"),
        span("GPE", text, "Paris"),
    ]
    report = scores(text, gold, [span("PERSON", text, "Ann"), span("LOCATION", text, "Paris")])
    assert report["support"] == 1  # Acme and Paris are not the project's PII
    assert report["predicted"] == 1  # nor is a LOCATION prediction
    assert report["f2"] == 1.0


def test_dataset_names_are_mapped_but_cities_are_not_street_addresses() -> None:
    text = "Send it to 8 Wressle Road in Blaketown, tel 555 0100"
    gold = [
        span("ADDRESS", text, "8 Wressle Road"),
        span("LOCATION", text, "Blaketown"),
        span("PHONE", text, "555 0100"),
    ]
    predicted = [
        span("STREET_ADDRESS", text, "8 Wressle Road"),
        span("PHONE_NUMBER", text, "555 0100"),
    ]
    report = scores(text, gold, predicted)
    assert report["per_entity"]["STREET_ADDRESS"]["support"] == 3
    assert report["per_entity"]["PHONE_NUMBER"]["recall"] == 1.0
    assert (report["precision"], report["recall"]) == (1.0, 1.0)


def test_f_beta_weights_recall() -> None:
    assert f_beta(1.0, 0.5) == pytest.approx(5 * 0.5 / (4 + 0.5))
    assert f_beta(0.5, 1.0) > f_beta(1.0, 0.5)
    assert f_beta(0.0, 0.0) == 0.0
