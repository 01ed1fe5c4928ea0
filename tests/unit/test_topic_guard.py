"""The topic guard: a table per kind with look-alike negatives, the config switches, the
lexicon errors, and precision / recall on the labelled sets in data/eval/topic."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from pydantic import ValidationError

from guardrails.topic import TopicConfig, TopicGuard, TopicVerdict
from guardrails.topic.errors import TopicLexiconError
from guardrails.topic.lexicon import DATA
from guardrails.topic.verdict import KINDS

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "data" / "eval" / "topic"
INTENTS = REPO / "data" / "eval" / "intents"
# The retailers of the demo store's price-match policy (data/demo-store/policies/price-match.md).
STORE_COMPETITORS = (
    "Northline Outfitters",
    "Summit Supply Co.",
    "BrightCart",
    "Lakeshore Home Goods",
    "Metro Electronics Depot",
    "Pawpath Pet Supply",
    "Tinker Town Toys",
)


@pytest.fixture(scope="module")
def guard() -> TopicGuard:
    return TopicGuard(competitors=STORE_COMPETITORS)


# (text, expected kind, expected severity)
ABUSE: list[tuple[str, str, str | None]] = [
    ("this bot is useless, damn it", "abuse", "mild"),
    ("you stupid bot, I said size 10", "abuse", "mild"),
    ("are you dumb or what", "abuse", "mild"),
    ("shut up and give me my refund", "abuse", "mild"),
    ("your support rep is an incompetent moron", "abuse", "mild"),
    ("f*ck you", "abuse", "mild"),
    ("ur so st00pid", "abuse", "mild"),
    ("you are an i d i o t", "abuse", "mild"),
    ("ｙｏｕ ａｒｅ ａｎ ｉｄｉｏｔ", "abuse", "mild"),  # full-width letters
    ("you are an іdiot", "abuse", "mild"),  # Cyrillic і
    ("b!tch answer me", "abuse", "mild"),
    ("I'm going to kill you", "abuse", "severe"),
    ("i know where your warehouse is and i'll burn it down", "abuse", "severe"),
    ("kys", "abuse", "severe"),
    ("send me nudes", "abuse", "severe"),
    ("you're a retard", "abuse", "severe"),
    ("you f4ggot", "abuse", "severe"),
    # swearing at no one: answer it, calmly
    ("my damn boots leaked, can I return them", "ok", "mild"),
    ("this is bullshit, you charged me twice", "ok", "mild"),
    ("holy shit these earbuds are amazing", "ok", "mild"),
    ("this is f***ing ridiculous, where is A1021", "ok", "mild"),
    # frustration and look-alikes: not abuse at all
    ("this is ridiculous, my order is late again", "ok", None),
    ("you keep giving me the same answer, get me a person", "ok", None),
    ("I feel so stupid, I ordered the wrong size", "ok", None),
    ("stupid question but do the boots come with laces?", "ok", None),
    ("do you sell adjustable dumbbells", "ok", None),
    ("I'd kill for those boots in a size 12", "ok", None),
    ("the boots are killing my feet, can I size up?", "ok", None),
    ("the speaker is the bomb", "ok", None),
    ("shoot me an email when it's back", "ok", None),
    ("is the kids jacket flame retardant?", "ok", None),
    ("I live in Scunthorpe, do you ship there?", "ok", None),
    ("dog bed for a shih tzu", "ok", None),
    ("these boots fit looser than the last pair", "ok", None),
]


@pytest.mark.parametrize(("text", "kind", "severity"), ABUSE)
def test_abuse(guard: TopicGuard, text: str, kind: str, severity: str | None) -> None:
    verdict = guard.check(text)
    assert (verdict.kind, verdict.severity) == (kind, severity), verdict


# (text, the competitor named, or "" for a generic one, or None for a negative)
COMPETITOR: list[tuple[str, str | None]] = [
    ("is it cheaper on Amazon?", "Amazon"),
    ("should I buy from REI instead?", "REI"),
    ("do you price match Walmart", "Walmart"),
    ("I found it cheaper at Best Buy", "Best Buy"),
    ("Target has the same blanket for less", "Target"),
    ("Northline Outfitters has the tent for $179, match it?", "Northline Outfitters"),
    ("is Summit Supply cheaper?", "Summit Supply Co."),
    ("do you price match other stores?", ""),
    ("i saw it cheaper elsewhere", ""),
    ("why buy from you and not your competitors?", ""),
    ("where else can I buy this?", ""),
    ("is it cheaper at Bob's Outdoor Emporium?", ""),
    ("do you have the rain jacket in Amazon green?", None),
    ("boots for a trip to the amazon rainforest", None),
    ("does the watch show target heart rate zones?", None),
    ("what's the best buy under $100 for a runner?", None),
    ("any chewy treats for a teething puppy?", None),
    ("what's your price match policy?", None),
    ("can you ship it elsewhere, like my office?", None),
    ("can I ship to a different address?", None),
    ("do you have other colors?", None),
    ("is it cheaper on Black Friday?", None),
    ("any other shops in your chain near denver?", None),
]


@pytest.mark.parametrize(("text", "subject"), COMPETITOR)
def test_competitor(guard: TopicGuard, text: str, subject: str | None) -> None:
    verdict = guard.check(text)
    if subject is None:
        assert verdict.kind == "ok", verdict
    else:
        assert verdict.kind == "competitor", verdict
        assert verdict.subject == (subject or None)


# (text, domain, or None for a negative)
ADVICE: list[tuple[str, str | None]] = [
    ("will these insoles cure my plantar fasciitis?", "medical"),
    ("is this supplement safe with my blood pressure meds", "medical"),
    ("how much melatonin should i take", "medical"),
    ("my knee hurts after running, should I see a doctor?", "medical"),
    ("my kid swallowed a button battery", "medical"),
    ("can I sue the courier for losing my package", "legal"),
    ("is it legal to fly a drone over my neighbour's yard", "legal"),
    ("can my landlord keep my security deposit", "legal"),
    ("should I invest in bitcoin", "financial"),
    ("is this a good tax write-off for my business?", "financial"),
    ("whats a good stock to buy right now", "financial"),
    ("what's your warranty on the tent?", None),
    ("what are your payment options? do you offer financing or klarna?", None),
    ("is the jacket's material hypoallergenic?", None),
    ("do you charge sales tax on orders to texas?", None),
    ("I have plantar fasciitis, which shoe has the most arch support?", None),
    ("my friend Sue recommended this tent", None),
    ("I want to invest in a good pair of boots", None),
    ("the boots were a pain to break in", None),
    ("I'm a lawyer and need a sturdy laptop backpack", None),
    ("can I get an itemized invoice for tax purposes?", None),
    ("is there a student loan discount?", None),
    ("do you take bitcoin?", None),
]


@pytest.mark.parametrize(("text", "domain"), ADVICE)
def test_advice(guard: TopicGuard, text: str, domain: str | None) -> None:
    verdict = guard.check(text)
    expected = ("advice", domain) if domain else ("ok", None)
    assert (verdict.kind, verdict.domain) == expected, verdict


OFF_TOPIC: list[tuple[str, bool]] = [
    ("write me a poem about hiking boots", True),
    ("write a python script that sorts a list", True),
    ("can you do my math homework for me", True),
    ("solve 2x + 5 = 11", True),
    ("what's the capital of australia", True),
    ("is it going to rain tomorrow in portland", True),
    ("who won the election", True),
    ("order me a large pepperoni pizza", True),
    ("best hiking trails near asheville?", True),
    ("what should I cook tonight in my new skillet?", True),
    ("my girlfriend is ignoring me, what should I do", True),
    ("write a review for me of the Quietline earbuds", False),
    ("can you help me pick a gift for my dad", False),
    ("hi", False),
    ("are you a bot?", False),
    ("tell me a joke", False),
    ("will the jacket hold up in Seattle weather?", False),
    ("is it going to rain in the tent without the fly?", False),
    ("do you sell coding robots for kids?", False),
    ("a desk lamp for doing homework?", False),
    ("how do I clean my cast iron skillet", False),
    ("help me plan my camping trip, what gear do I need?", False),
    ("any sales on presidents day?", False),
]


@pytest.mark.parametrize(("text", "off_topic"), OFF_TOPIC)
def test_off_topic(guard: TopicGuard, text: str, off_topic: bool) -> None:
    assert guard.check(text).kind == ("off_topic" if off_topic else "ok")


def test_verdict_is_frozen_and_its_reason_never_holds_shopper_words(guard: TopicGuard) -> None:
    verdict = guard.check("you stupid bot, is Amazon cheaper for order A1021?")
    assert verdict == TopicVerdict("abuse", "abuse:directed", severity="mild")
    assert verdict.flagged
    with pytest.raises(FrozenInstanceError):
        verdict.kind = "ok"  # type: ignore[misc]
    texts = [case[0] for case in ABUSE] + [case[0] for case in COMPETITOR]
    texts += [case[0] for case in ADVICE] + [case[0] for case in OFF_TOPIC]
    for text in texts:
        assert re.fullmatch(r"ok|[a-z_]+:[a-z_]+", guard.check(text).reason)
    assert not guard.check("where is my order").flagged


def test_precedence_abuse_then_advice_then_competitor_then_off_topic(guard: TopicGuard) -> None:
    assert guard.check("you idiot, should I invest in bitcoin?").kind == "abuse"
    assert guard.check("should I invest in amazon stock?").kind == "advice"
    assert guard.check("write a poem about how REI is cheaper").kind == "competitor"


@pytest.mark.parametrize(
    ("switch", "text"),
    [
        ("abuse", "you stupid bot"),
        ("competitor", "is it cheaper on Amazon?"),
        ("advice", "should I invest in bitcoin"),
        ("off_topic", "write me a poem"),
    ],
)
def test_each_check_can_be_switched_off(switch: str, text: str) -> None:
    assert TopicGuard().check(text).kind != "ok"
    assert TopicGuard(TopicConfig(**{switch: False})).check(text).kind == "ok"


def test_disabled_guard_and_empty_messages_are_ok() -> None:
    assert TopicGuard(TopicConfig(enabled=False)).check("I'm going to kill you").kind == "ok"
    assert TopicGuard().check("   ").kind == "ok"


def test_undirected_profanity_flag_can_be_switched_off() -> None:
    text = "my damn boots leaked"
    assert TopicGuard().check(text).severity == "mild"
    assert TopicGuard(TopicConfig(flag_profanity=False)).check(text) == TopicVerdict("ok", "ok")


def test_advice_domains_can_be_narrowed() -> None:
    guard = TopicGuard(TopicConfig(advice_domains=("legal",)))
    assert guard.check("should I invest in bitcoin").kind == "ok"
    assert guard.check("can I sue the courier").domain == "legal"


def test_competitor_names_come_from_config_and_constructor() -> None:
    config = TopicConfig(competitor_names=("Ridgeway Sports",), known_retailers=False)
    guard = TopicGuard(config, competitors=["BrightCart"])
    assert guard.check("Ridgeway Sports has it for less").subject == "Ridgeway Sports"
    assert guard.check("is BrightCart cheaper?").subject == "BrightCart"
    assert guard.check("does walmart have it?").kind == "ok"  # the bundled list is off
    # a price comparison with a capitalised name on no list still counts, without a subject
    assert guard.check("is it cheaper on Amazon?").reason == "competitor:unnamed_store"


def test_allow_terms_are_never_competitors() -> None:
    text = "wayfair coffee table"  # a query typed on Wayfair's own site
    assert TopicGuard().check(text).subject == "Wayfair"
    assert TopicGuard(TopicConfig(allow_terms=("Wayfair",))).check(text).kind == "ok"


def test_insult_reach_is_a_setting() -> None:
    text = "you are really such a moron"
    assert TopicGuard().check(text).kind == "abuse"
    assert TopicGuard(TopicConfig(insult_reach_words=1)).check(text).kind == "ok"


def test_only_the_first_max_chars_are_read() -> None:
    text = "where is my order? " * 10 + "you stupid bot"
    assert TopicGuard().check(text).kind == "abuse"
    assert TopicGuard(TopicConfig(max_chars=100)).check(text).kind == "ok"


def test_config_refuses_unknown_keys_and_bad_values() -> None:
    with pytest.raises(ValidationError):
        TopicConfig(profanity=True)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        TopicConfig(advice_domains=("astrology",))
    with pytest.raises(ValidationError):
        TopicConfig(insult_reach_words=-1)


@pytest.fixture
def lexicons(tmp_path: Path) -> Path:
    """A writable copy of the bundled lexicons."""
    folder = tmp_path / "lexicons"
    shutil.copytree(DATA, folder)
    return folder


def test_own_lexicon_folder_is_used(lexicons: Path) -> None:
    path = lexicons / "off_topic.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "families:\n", "families:\n  astrology:\n    - '\\bhoroscope\\b'\n"
    )
    path.write_text(text, encoding="utf-8")
    verdict = TopicGuard(TopicConfig(lexicon_dir=lexicons)).check("read my horoscope")
    assert verdict == TopicVerdict("off_topic", "off_topic:astrology")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("advice.yaml", "exempt:\n", "exempt:\n  - '(unclosed'\n", "bad pattern in advice.yaml"),
        ("abuse.yaml", "threats:\n", "threats:\n  - '<nobody>'\n", "unknown placeholder <nobody>"),
        ("competitors.yaml", "retailers:\n", "shops: []\nretailers:\n", "does not match"),
        ("off_topic.yaml", "families:\n", "families: [\n", "not valid YAML"),
    ],
)
def test_broken_lexicons_fail_naming_the_file(
    lexicons: Path, file: str, old: str, new: str, message: str
) -> None:
    path = lexicons / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TopicLexiconError, match=re.escape(message)):
        TopicGuard(TopicConfig(lexicon_dir=lexicons))


def test_missing_lexicon_says_so(lexicons: Path) -> None:
    (lexicons / "abuse.yaml").unlink()
    with pytest.raises(TopicLexiconError, match=r"abuse\.yaml is missing"):
        TopicGuard(TopicConfig(lexicon_dir=lexicons))


# Evaluation sets


def _read(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _per_class(guard: TopicGuard, rows: list[dict[str, str]]) -> dict[str, tuple[float, float]]:
    """(precision, recall) per label."""
    pairs = Counter((row["label"], guard.check(row["text"]).kind) for row in rows)
    scores: dict[str, tuple[float, float]] = {}
    for label in KINDS:
        hits = pairs[(label, label)]
        predicted = sum(n for (_, kind), n in pairs.items() if kind == label)
        actual = sum(n for (truth, _), n in pairs.items() if truth == label)
        scores[label] = (hits / predicted if predicted else 0.0, hits / actual)
    return scores


def test_eval_files_are_well_formed() -> None:
    seen: set[str] = set()
    for name, minimum in [("messages.jsonl", 250), ("holdout.jsonl", 100)]:
        rows = _read(EVAL / name)
        assert len(rows) >= minimum
        for row in rows:
            assert list(row) == ["text", "label"]
            assert row["label"] in KINDS
            assert row["text"] == row["text"].strip() and row["text"]
            key = " ".join(row["text"].lower().split())
            assert key not in seen, row
            seen.add(key)
        assert set(Counter(row["label"] for row in rows)) == set(KINDS)


# Measured when written: every class precision and recall 1.00 on both files (the author of
# the files also wrote the lexicons, so these are optimistic); floors sit a little below.
@pytest.mark.parametrize(("name", "floor"), [("messages.jsonl", 0.95), ("holdout.jsonl", 0.9)])
def test_precision_and_recall_on_the_eval_sets(guard: TopicGuard, name: str, floor: float) -> None:
    rows = _read(EVAL / name)
    scores = _per_class(guard, rows)
    low = {label: s for label, s in scores.items() if min(s) < floor}
    assert not low, f"(precision, recall) below {floor}: {low}"
    ok = [row["text"] for row in rows if row["label"] == "ok"]
    false_flags = [text for text in ok if guard.check(text).flagged]
    assert len(false_flags) / len(ok) <= 0.01, false_flags


def test_independent_intent_sets(guard: TopicGuard) -> None:
    """The intent router's sets, written by others: in-scope messages pass, off-topic ones don't.

    Measured when written: 4 of 451 in-scope messages flagged, each by design (a named
    price-match competitor, "another store", a pregnancy-safety question); 60 of 63 off-topic
    messages flagged, the misses being prompt injections, which the injection guard handles.
    """
    rows = [*_read(INTENTS / "utterances.jsonl"), *_read(INTENTS / "utterances-b.jsonl")]
    in_scope = [r["text"] for r in rows if r["label"] != "off_topic"]
    outside = [r["text"] for r in rows if r["label"] == "off_topic"]
    flagged = [text for text in in_scope if guard.check(text).flagged]
    caught = [text for text in outside if guard.check(text).flagged]
    assert len(flagged) / len(in_scope) <= 0.02, flagged
    assert len(caught) / len(outside) >= 0.85
