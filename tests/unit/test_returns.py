"""Return eligibility from the demo store's return rules: categories, conditions, dates, wording."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from assistant.tools.returns import (
    ReturnQuestion,
    ReturnRules,
    parse_return_question,
)
from ingest.store_config import ReturnsConfig, load_store_config
from tests.conftest import DEMO_STORE


@dataclass(frozen=True)
class Item:
    """A product as return rules see it."""

    category: str | None
    title: str = ""
    tags: tuple[str, ...] = ()


pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def rules() -> ReturnRules:
    return ReturnRules(load_store_config(DEMO_STORE / "store.yaml").returns)


@pytest.fixture(scope="module")
def categories() -> list[str]:
    with (DEMO_STORE / "catalog.csv").open(encoding="utf-8") as handle:
        return sorted({row["category"] for row in csv.DictReader(handle)})


@pytest.mark.parametrize(
    ("category", "title", "tags", "condition", "outcome", "window"),
    [
        # Headphones & Earbuds: in-ear opened → exchange only; sealed or over-ear → standard
        ("Headphones & Earbuds", "Tidal Sport Earbuds", ["earbuds"], "opened",
         "exchange_only", 30),
        ("Headphones & Earbuds", "Ripple In-Ear Headphones", ["wired"], "used",
         "exchange_only", 30),
        ("Headphones & Earbuds", "Cove True Wireless Earbuds", [], "sealed", "returnable", 30),
        ("Headphones & Earbuds", "Murmur Noise-Cancelling Over-Ear Headphones", ["over-ear"],
         "opened", "returnable", 30),
        ("Headphones & Earbuds", "Lull On-Ear Headphones", ["on-ear"], "used", "returnable", 30),
        ("Headphones & Earbuds", "Whisper Wired Earbuds", ["final-sale"], "sealed",
         "not_returnable", None),
        # Beauty & Personal Care: sealed only
        ("Beauty & Personal Care", "Calm Ionic Hair Dryer", ["device"], "opened",
         "not_returnable", None),
        ("Beauty & Personal Care", "Petal Nourishing Shampoo", [], "used", "not_returnable", None),
        ("Beauty & Personal Care", "Petal Nourishing Shampoo", [], "sealed", "returnable", 30),
        # Tents & Camping: 60 days even used
        ("Tents & Camping", "Basecamp 2 Backpacking Tent", ["tents"], "used", "returnable", 60),
        ("Tents & Camping", "Pika Headlamp 300", [], None, "returnable", 60),
        # Footwear: worn outside → not returnable; tried on indoors → standard
        ("Hiking Boots", "Trailblazer Mid Waterproof Hiking Boot", [], "worn_outside",
         "not_returnable", None),
        ("Running Shoes", "Tempo Road Runner", ["running"], "worn_outside", "not_returnable", None),
        ("Hiking Boots", "Trailblazer Mid Waterproof Hiking Boot", [], "sealed", "returnable", 30),
        # Bedding & Bath: washed/used linens, opened pillows and weighted blankets
        ("Bedding & Bath", "Heron Linen Sheet Set", ["sheets"], "washed", "not_returnable", None),
        ("Bedding & Bath", "Dune 4-Piece Bath Towel Set", ["towels"], "used", "not_returnable",
         None),
        ("Bedding & Bath", "Heron Linen Sheet Set", ["sheets"], "sealed", "returnable", 30),
        ("Bedding & Bath", "Hush Soft Bed Pillow", ["pillows"], "opened", "not_returnable", None),
        ("Bedding & Bath", "Willow Weighted Blanket", ["blankets"], "opened", "not_returnable",
         None),
        ("Bedding & Bath", "Cottage Bath Mat", ["bath"], "washed", "returnable", 30),
        # Pet Supplies: opened treats and food, used chew toys
        ("Pet Supplies", "Good Boy Crunchy Chicken And Sweet Potato Biscuits", ["treats"],
         "opened", "not_returnable", None),
        ("Pet Supplies", "Tailwag Tough Chew Toy", ["toys"], "used", "not_returnable", None),
        ("Pet Supplies", "Tailwag Tough Chew Toy", ["toys"], "opened", "unknown", 30),
        ("Pet Supplies", "Barkley 6 ft Dog Leash", ["leashes"], "used", "returnable", 30),
        # Smart Home: returnable, with the reset note
        ("Smart Home", "Cinder Smart Thermostat", [], "opened", "returnable", 30),
        # Toys & Games: incomplete sets can't be refunded
        ("Toys & Games", "Solar System 500-Piece Jigsaw Puzzle", ["puzzles"], "incomplete",
         "not_returnable", None),
        ("Toys & Games", "Discovery Dinosaur Plush", ["plush"], "incomplete", "returnable", 30),
        # No exception
        ("Backpacks", "Summit 30L Daypack", [], "used", "returnable", 30),
    ],
)  # fmt: skip
def test_product_decisions(
    rules: ReturnRules,
    category: str,
    title: str,
    tags: list[str],
    condition: str | None,
    outcome: str,
    window: int | None,
) -> None:
    decision = rules.check(category, title=title, tags=tags, condition=condition)
    assert (decision.outcome, decision.window_days) == (outcome, window)
    assert decision.source == "returns"
    assert decision.reasons or decision.cases


def test_smart_home_quotes_the_reset_rule(rules: ReturnRules) -> None:
    decision = rules.check("Smart Home", title="Anchor Smart Deadbolt")
    assert "reset it to factory settings" in decision.render()


def test_used_items_without_an_exception_carry_the_condition_rules(rules: ReturnRules) -> None:
    decision = rules.check("Backpacks", title="Summit 30L Daypack", condition="used")
    assert "refunded minus up to 50%" in decision.render()
    assert "50%" not in rules.check("Backpacks", title="Summit 30L Daypack").render()


@pytest.mark.parametrize(
    ("question", "category", "condition"),
    [
        ("can I return opened headphones?", "Headphones & Earbuds", "opened"),
        ("I opened my earbuds, can I send them back?", "Headphones & Earbuds", "opened"),
        ("can I return unopened earbuds?", "Headphones & Earbuds", "sealed"),
        ("They're still in the original packaging, can I return the earphones",
         "Headphones & Earbuds", "sealed"),
        ("I wore my boots on the trail once", "Hiking Boots", "worn_outside"),
        ("can I return sneakers I wore outside", "Running Shoes", "worn_outside"),
        ("can I return boots I tried on at home?", "Hiking Boots", "opened"),
        ("I used the tent for a weekend", "Tents & Camping", "used"),
        ("can I return a sleeping bag", "Tents & Camping", None),
        ("I washed the sheets, can I return them?", "Bedding & Bath", "washed"),
        ("the towels were used once", "Bedding & Bath", "used"),
        ("return an opened pillow", "Bedding & Bath", "opened"),
        ("my dog didn't like the dog treats, I opened the bag", "Pet Supplies", "opened"),
        ("can I return a hair dryer I never opened", "Beauty & Personal Care", "sealed"),
        ("the puzzle is missing pieces", "Toys & Games", "incomplete"),
        ("can I return a smart thermostat", "Smart Home", None),
        ("I want to return a jacket", "Outdoor Jackets", None),
        ("can I return it?", None, None),
    ],
)  # fmt: skip
def test_parse_return_question(
    categories: list[str], question: str, category: str | None, condition: str | None
) -> None:
    parsed = parse_return_question(question, categories)
    assert (parsed.category, parsed.condition) == (category, condition)


def test_synonyms_only_map_to_categories_the_store_has() -> None:
    assert parse_return_question("opened earbuds", ["Kitchen"]).category is None
    assert parse_return_question("my tent", ["Tents & Camping"]).category == "Tents & Camping"


def test_opened_headphones_of_unknown_kind_distinguish_in_ear_from_over_ear(
    rules: ReturnRules, categories: list[str]
) -> None:
    decision = rules.answer(parse_return_question("can I return opened headphones?", categories))
    assert decision.outcome == "unknown"
    assert {(c.when, c.outcome) for c in decision.cases} == {
        ("In-ear headphones and earbuds", "exchange_only"),
        ("Over-ear and on-ear headphones", "returnable"),
    }
    text = decision.render()
    assert text.startswith("It depends. In-ear headphones and earbuds: exchange only (no refund)")
    assert "Over-ear and on-ear headphones: returnable within 30 days" in text


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("can I return my earbuds if I opened them?", "exchange_only"),
        ("I opened my over-ear headphones, can I return them?", "returnable"),
        ("can I return sealed earbuds", "returnable"),
        ("can I return a final sale jacket?", "not_returnable"),
        ("I washed my sheets", "not_returnable"),
    ],
)
def test_shopper_words_settle_the_product_type(
    rules: ReturnRules, categories: list[str], question: str, outcome: str
) -> None:
    assert rules.answer(parse_return_question(question, categories)).outcome == outcome


@pytest.mark.parametrize(
    ("question", "cases"),
    [
        ("can I return my sneakers",
         {("If worn outside", "not_returnable"), ("Otherwise", "returnable")}),
        ("can I return opened sheets?",
         {("Sheets, towels, robes and blankets, if washed or used", "not_returnable"),
          ("Otherwise", "returnable")}),
        ("can I return shampoo?",
         {("If still sealed", "returnable"), ("If opened", "not_returnable")}),
    ],
)  # fmt: skip
def test_open_conditions_become_cases(
    rules: ReturnRules, categories: list[str], question: str, cases: set[tuple[str, str]]
) -> None:
    decision = rules.answer(parse_return_question(question, categories))
    assert decision.outcome == "unknown"
    assert {(c.when, c.outcome) for c in decision.cases} == cases


def test_an_unknown_category_asks_what_the_item_is(rules: ReturnRules) -> None:
    decision = rules.answer(ReturnQuestion(category=None, condition=None))
    assert decision.outcome == "unknown" and not decision.cases
    assert "what kind of item is it?" in decision.render()
    plain = ReturnRules(ReturnsConfig()).check(None)
    assert (plain.outcome, plain.window_days) == ("returnable", 30)


@pytest.mark.parametrize(
    ("category", "placed", "delivered", "today", "deadline", "outcome"),
    [
        # 30 days from delivery; the last day still counts
        ("Backpacks", date(2026, 9, 1), date(2026, 9, 5), date(2026, 10, 5), date(2026, 10, 5),
         "returnable"),
        ("Backpacks", date(2026, 9, 1), date(2026, 9, 5), date(2026, 10, 6), date(2026, 10, 5),
         "not_returnable"),
        # holiday orders (Nov 1 – Dec 24) until January 31 of the next year
        ("Backpacks", date(2026, 11, 1), date(2026, 11, 4), date(2027, 1, 20), date(2027, 1, 31),
         "returnable"),
        ("Backpacks", date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 31), date(2027, 1, 31),
         "returnable"),
        ("Backpacks", date(2026, 12, 24), date(2027, 1, 10), date(2027, 2, 5), date(2027, 2, 9),
         "returnable"),
        ("Backpacks", date(2026, 10, 31), date(2026, 11, 3), date(2026, 12, 10), date(2026, 12, 3),
         "not_returnable"),
        ("Backpacks", date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 20), date(2027, 1, 27),
         "returnable"),
        # the longer category window wins over the holiday date
        ("Tents & Camping", date(2026, 12, 1), date(2026, 12, 5), date(2027, 2, 1),
         date(2027, 2, 3), "returnable"),
        ("Tents & Camping", date(2026, 8, 1), date(2026, 8, 4), date(2026, 9, 30),
         date(2026, 10, 3), "returnable"),
    ],
)  # fmt: skip
def test_deadlines(
    rules: ReturnRules,
    category: str,
    placed: date,
    delivered: date,
    today: date,
    deadline: date,
    outcome: str,
) -> None:
    decision = rules.check(
        category, title="x", condition="sealed", placed_at=placed, delivered_at=delivered,
        today=today,
    )  # fmt: skip
    assert (decision.deadline, decision.outcome) == (deadline, outcome)
    assert decision.expired is (outcome == "not_returnable")


def test_deadline_and_holiday_are_rendered(rules: ReturnRules) -> None:
    decision = rules.check(
        "Tents & Camping",
        title="Basecamp 2 Backpacking Tent",
        condition="used",
        placed_at=date(2026, 11, 5),
        delivered_at=date(2026, 11, 10),
        today=date(2026, 12, 1),
    )
    text = decision.render()
    assert text.startswith("Yes, it can be returned within 60 days of delivery, until January 31")
    assert "Holiday orders can be returned until January 31, 2027." in text
    expired = rules.check(
        "Backpacks", placed_at=date(2026, 8, 1), delivered_at=date(2026, 8, 3),
        today=date(2026, 11, 1),
    )  # fmt: skip
    assert expired.render() == (
        "Sorry, it can no longer be returned. The return window ended on September 2, 2026."
    )


def test_order_item_uses_product_facts_dates_and_status(rules: ReturnRules) -> None:
    earbuds = Item("Headphones & Earbuds", "Tidal Sport Earbuds", ("earbuds",))
    delivered = rules.check_order_item(
        earbuds,
        status="delivered",
        placed_at=datetime(2026, 10, 1, 15, tzinfo=UTC),
        delivered_at=datetime(2026, 10, 6, 18, tzinfo=UTC),
        today=date(2026, 10, 20),
        condition="opened",
    )
    assert (delivered.outcome, delivered.deadline) == ("exchange_only", date(2026, 11, 5))
    shipped = rules.check_order_item(
        earbuds,
        status="shipped",
        placed_at=date(2026, 11, 18),
        delivered_at=None,
        today=date(2026, 11, 20),
    )
    assert shipped.deadline is None and {c.outcome for c in shipped.cases} == {
        "returnable",
        "exchange_only",
    }
    assert "The return window starts when the order is delivered." in shipped.render()
    cancelled = rules.check_order_item(
        earbuds, status="cancelled", placed_at=date(2026, 9, 1), delivered_at=None,
        today=date(2026, 9, 2),
    )  # fmt: skip
    assert cancelled.outcome == "unknown" and "cancelled" in cancelled.render()
