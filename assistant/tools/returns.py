"""Return eligibility from the store's structured return rules (``store.yaml``), never from prose.

A rule covers a catalog category, optionally only products whose title or tags carry one of its
keywords, and an item condition. Conditions nest: a washed or worn-outside item is also used,
and a used item is also opened. When what the shopper said leaves a rule open (which kind of
headphones? worn outside or only indoors?), the decision is ``unknown`` and lists each case,
so the assistant can ask instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from ingest.store_config import CategoryRule, ReturnsConfig, month_day

Outcome = Literal["returnable", "exchange_only", "not_returnable", "unknown"]
Match = Literal["yes", "maybe", "no"]

_IMPLIES = {
    "sealed": {"sealed"},
    "opened": {"opened"},
    "used": {"used", "opened"},
    "washed": {"washed", "used", "opened"},
    "worn_outside": {"worn_outside", "used", "opened"},
    "incomplete": {"incomplete", "opened"},
}
_CONDITION_WORDS = {
    "sealed": "still sealed",
    "opened": "opened",
    "used": "washed or used",
    "washed": "washed",
    "worn_outside": "worn outside",
    "incomplete": "missing pieces",
}
_STRICTNESS = {"returnable": 0, "exchange_only": 1, "not_returnable": 2}
_SEALED = (
    r"\b(?:sealed|unopened|unused|unworn|brand new|new in (?:the )?box|"
    r"(?:never|not|haven't|hasn't|didn't|have not|has not|did not)\s+(?:been\s+|even\s+)?"
    r"(?:open|opened|use|used|wear|worn|wore)|still in (?:the|its|their) (?:original )?"
    r"(?:box|packaging|package|wrapper))\b"
)
_CONDITIONS = [
    ("incomplete", r"\b(?:incomplete|(?:missing|lost) (?:a |some |\w+ )?(?:pieces?|parts?))\b"),
    (
        "worn_outside",
        r"\b(?:worn|wore|wear|used|ran|walked|hiked)\b[^.?!]{0,30}?"
        r"\b(?:outside|outdoors?|on (?:a |the )?(?:trail|hike|run|street))\b",
    ),
    ("washed", r"\b(?:washed|laundered|wash(?:ed)? (?:it|them))\b"),
    ("used", r"\b(?:used|worn|wore|slept (?:on|in|with)|played with|chewed)\b"),
    ("opened", r"\b(?:opened|unsealed|open (?:the )?(?:box|package|seal)|broke the seal|tried)\b"),
]  # fmt: skip
# Shopper words for catalog categories, beyond the category names themselves.
_SYNONYMS = {
    "Headphones & Earbuds": "headphone|earbud|earphone|headset|in-ear|over-ear|on-ear|airpod",
    "Hiking Boots": "boot|hiking boot|hiking shoe",
    "Running Shoes": "sneaker|trainer|shoe|running shoe",
    "Tents & Camping": "tent|sleeping bag|sleeping pad|headlamp|lantern|camp stove|stove|"
    "camp chair|cookset|cook kit",
    "Bedding & Bath": "sheet|sheet set|towel|pillow|duvet|duvet cover|comforter|blanket|"
    "weighted blanket|robe|bathrobe|bath mat",
    "Pet Supplies": "dog treat|treat|dog food|cat food|chew toy|leash|collar|dog bed|cat tree|"
    "dog raincoat",
    "Beauty & Personal Care": "hair dryer|trimmer|toothbrush|electric toothbrush|shampoo|"
    "conditioner|serum|moisturizer|sunscreen|lotion|makeup|lip balm|body wash",
    "Toys & Games": "toy|puzzle|board game|lego|building set|construction kit",
    "Smart Home": "thermostat|doorbell|smart plug|smart lock|smart bulb|security camera|"
    "robot vacuum|light strip",
    "Outdoor Jackets": "jacket|rain jacket|raincoat|parka|coat",
    "Backpacks": "backpack|daypack",
    "Speakers": "speaker|soundbar",
    "Phone Accessories": "phone case|charger|power bank|charging cable|screen protector",
    "Watches": "watch|smartwatch",
    "Fitness": "yoga mat|dumbbell|kettlebell|resistance band",
    "Kitchen": "pan|kettle|knife|blender|cookware",
    "Home Decor": "lamp|rug|vase|candle|throw pillow|picture frame",
}


@dataclass(frozen=True)
class ReturnCase:
    """One branch of a decision that depends on what the item is or its condition."""

    when: str
    outcome: Outcome
    window_days: int | None
    note: str


@dataclass(frozen=True)
class ReturnDecision:
    """Whether an item can be returned, until when, and the policy lines that decided it."""

    outcome: Outcome
    source: str
    category: str | None = None
    window_days: int | None = None
    deadline: date | None = None
    expired: bool = False
    reasons: tuple[str, ...] = ()
    cases: tuple[ReturnCase, ...] = ()

    def render(self) -> str:
        """A short answer quoting the deciding policy lines."""
        if self.expired:
            head = "Sorry, it can no longer be returned."
        elif self.outcome == "unknown":
            head = "It depends." if self.cases else ""
        else:
            head = _headline(self.outcome, self.window_days, self.deadline)
        cases = [f"{c.when}: {_case_text(c)} {c.note}".strip() for c in self.cases]
        reasons = [r for r in self.reasons if r != standard_line(self.window_days)]
        return " ".join(part for part in (head, *cases, *reasons) if part)


@dataclass(frozen=True)
class ReturnQuestion:
    """What a shopper's return question says: the category, the item's condition, its words."""

    category: str | None
    condition: str | None
    keywords: tuple[str, ...] = ()


class ProductFacts(Protocol):
    """What return rules need to know about a product (``tools.catalog.ProductFacts`` has it)."""

    @property
    def category(self) -> str | None:
        """The catalog category."""
        ...

    @property
    def title(self) -> str:
        """The product title."""
        ...

    @property
    def tags(self) -> tuple[str, ...]:
        """The product's tags."""
        ...


class ReturnRules:
    """The return-eligibility tool over a store's return rules."""

    def __init__(self, config: ReturnsConfig) -> None:
        self._config = config

    def check(
        self,
        category: str | None,
        *,
        title: str = "",
        tags: Sequence[str] = (),
        keywords: Sequence[str] = (),
        condition: str | None = None,
        delivered_at: date | None = None,
        placed_at: date | None = None,
        today: date | None = None,
    ) -> ReturnDecision:
        """Decide for a product (``title``/``tags``) or a shopper's words (``keywords``)."""
        config = self._config
        product = _normalise(" ".join([title, *tags]))
        words = _normalise(" ".join(keywords))
        if config.final_sale_tag and _mentions(product + " " + words, config.final_sale_tag):
            return self._decision("not_returnable", category, None, [config.final_sale_note])
        if category is None and config.rules:
            return self._unknown_category()
        rules = [r for r in config.rules if r.category == category]
        text = product.strip() or _words_if_they_name_a_type(rules, words)
        matched = [(r, _product_match(r, text), _condition_match(r, condition)) for r in rules]
        decided = [r for r, p, c in matched if p == c == "yes"]
        maybe = [r for r, p, c in matched if "no" not in (p, c) and r not in decided]
        decision = self._combine(category, condition, decided, maybe)
        return self._dated(decision, delivered_at, placed_at, today)

    def answer(self, question: ReturnQuestion) -> ReturnDecision:
        """Decide from a parsed shopper question (no product known, so cases may remain)."""
        return self.check(
            question.category, keywords=question.keywords, condition=question.condition
        )

    def check_order_item(
        self,
        product: ProductFacts,
        *,
        status: str,
        placed_at: date | datetime,
        delivered_at: date | datetime | None,
        today: date,
        condition: str | None = None,
    ) -> ReturnDecision:
        """Decide for one item of a verified order, with its dates and status."""
        decision = self.check(
            product.category,
            title=product.title,
            tags=product.tags,
            condition=condition,
            placed_at=_as_date(placed_at),
            delivered_at=_as_date(delivered_at) if delivered_at else None,
            today=today,
        )
        notes = {
            "processing": "The return window starts when the order is delivered.",
            "shipped": "The return window starts when the order is delivered.",
            "cancelled": "This order was cancelled, so there is nothing to return.",
            "returned": "This order is already marked as returned.",
        }
        if status in ("cancelled", "returned"):
            return self._decision("unknown", product.category, None, [notes[status]])
        extra = (notes[status],) if status in notes else ()
        return replace(decision, reasons=decision.reasons + extra)

    def _combine(
        self,
        category: str | None,
        condition: str | None,
        decided: list[CategoryRule],
        maybe: list[CategoryRule],
    ) -> ReturnDecision:
        outcome, window, reasons = self._standard(condition)
        if decided:
            outcome = max((r.outcome for r in decided), key=_STRICTNESS.__getitem__)
            deciding = [r for r in decided if r.outcome == outcome]
            window = max(r.window_days or self._config.window_days for r in deciding)
            reasons = [r.note for r in decided]
        if all(r.outcome == outcome for r in maybe):
            return self._decision(outcome, category, window, reasons)
        cases = [self._case(r, condition) for r in maybe]
        if all(c.outcome != outcome for c in cases):
            note = " ".join(r for r in reasons if r != standard_line(window))
            cases.append(ReturnCase("Otherwise", outcome, window, note))
        widest = max((c.window_days or 0 for c in cases), default=0)
        unknown = self._decision("unknown", category, widest or None, [])
        return replace(unknown, cases=tuple(cases))

    def _standard(self, condition: str | None) -> tuple[Outcome, int, list[str]]:
        days = self._config.window_days
        reasons = [standard_line(days)]
        if condition not in (None, "sealed") and self._config.condition_note:
            reasons.append(self._config.condition_note)
        return "returnable", days, reasons

    def _case(self, rule: CategoryRule, condition: str | None) -> ReturnCase:
        parts = []
        if rule.applies_to:
            parts.append(rule.label or f"{rule.category} ({', '.join(rule.applies_to)})")
        if rule.condition != "any" and rule.condition != condition:
            parts.append(f"if {_CONDITION_WORDS[rule.condition]}")
        when = ", ".join(parts) or rule.category
        window = rule.window_days or self._config.window_days
        return ReturnCase(when[0].upper() + when[1:], rule.outcome, window, rule.note)

    def _unknown_category(self) -> ReturnDecision:
        days = self._config.window_days
        named = sorted({r.category for r in self._config.rules})
        reasons = [
            f"Most items can be returned within {days} days of delivery.",
            f"Some categories have their own rules ({', '.join(named)}); what kind of item is it?",
        ]
        return self._decision("unknown", None, days, reasons)

    def _decision(
        self, outcome: Outcome, category: str | None, window: int | None, reasons: list[str]
    ) -> ReturnDecision:
        return ReturnDecision(
            outcome=outcome,
            source=self._config.policy_doc,
            category=category,
            window_days=window if outcome in ("returnable", "exchange_only", "unknown") else None,
            reasons=tuple(reasons),
        )

    def _dated(
        self,
        decision: ReturnDecision,
        delivered_at: date | None,
        placed_at: date | None,
        today: date | None,
    ) -> ReturnDecision:
        """Apply the holiday extension and the window to the dates, when they are known."""
        holiday = self._holiday_deadline(placed_at)
        reasons = decision.reasons
        if holiday is not None and decision.window_days is not None:
            reasons += (f"Holiday orders can be returned until {_day(holiday)}.",)
        if delivered_at is None or decision.window_days is None:
            return replace(decision, reasons=reasons)
        deadline = delivered_at + timedelta(days=decision.window_days)
        deadline = max(deadline, holiday) if holiday else deadline
        if today is not None and today > deadline:
            ended = f"The return window ended on {_day(deadline)}."
            holiday_line = reasons[len(decision.reasons) :]
            return replace(
                decision,
                outcome="not_returnable",
                deadline=deadline,
                expired=True,
                reasons=(ended, *holiday_line),
                cases=(),
            )
        return replace(decision, deadline=deadline, reasons=reasons)

    def _holiday_deadline(self, placed_at: date | None) -> date | None:
        extension = self._config.holiday_extension
        if extension is None or placed_at is None:
            return None
        placed = (placed_at.month, placed_at.day)
        if not month_day(extension.placed_from) <= placed <= month_day(extension.placed_to):
            return None
        month, day = month_day(extension.returnable_until)
        return date(placed_at.year + 1, month, day)


def standard_line(days: int | None) -> str:
    """The reason given when no category rule applies."""
    return f"Items can be returned within {days} days of delivery."


def _headline(outcome: Outcome, window: int | None, deadline: date | None) -> str:
    until = f", until {_day(deadline)}" if deadline else ""
    if outcome == "returnable":
        return f"Yes, it can be returned within {window} days of delivery{until}."
    if outcome == "exchange_only":
        return f"It can be exchanged, but not refunded, within {window} days of delivery{until}."
    return "Sorry, it can't be returned."


def _case_text(case: ReturnCase) -> str:
    if case.outcome == "returnable":
        return f"returnable within {case.window_days} days of delivery."
    if case.outcome == "exchange_only":
        return f"exchange only (no refund), within {case.window_days} days of delivery."
    return "can't be returned."


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _normalise(text: str) -> str:
    return " " + re.sub(r"[-_|/]+", " ", text.lower()) + " "


def _mentions(text: str, keyword: str) -> bool:
    """Whether ``keyword`` (or its plural) is a whole word or phrase of normalised ``text``."""
    phrase = re.escape(_normalise(keyword).strip())
    return re.search(rf"(?<![a-z0-9]){phrase}(?:s|es)?(?![a-z0-9])", text) is not None


def _words_if_they_name_a_type(rules: list[CategoryRule], words: str) -> str:
    """The shopper's words, when they name a product type some rule is scoped to."""
    named = any(_mentions(words, k) for r in rules for k in r.applies_to)
    return words if named else ""


def _product_match(rule: CategoryRule, text: str) -> Match:
    if not rule.applies_to:
        return "yes"
    if not text:
        return "maybe"
    return "yes" if any(_mentions(text, k) for k in rule.applies_to) else "no"


def _condition_match(rule: CategoryRule, condition: str | None) -> Match:
    if rule.condition == "any":
        return "yes"
    if condition is None:
        return "maybe"
    if rule.condition in _IMPLIES.get(condition, {condition}):
        return "yes"
    return "maybe" if condition in _IMPLIES.get(rule.condition, set()) else "no"


def parse_return_question(text: str, categories: Sequence[str]) -> ReturnQuestion:
    """The catalog category, item condition and words of a shopper's return question."""
    lowered = _normalise(text)
    return ReturnQuestion(
        category=_category(lowered, categories),
        condition=_condition(text.lower()),
        keywords=tuple(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())),
    )


def _category(text: str, categories: Sequence[str]) -> str | None:
    terms: dict[str, str] = {}
    for name in categories:
        for term in _terms_of(name):
            terms.setdefault(term, name)
    hits = [
        (match.start(), -len(term), name)
        for term, name in terms.items()
        if (match := re.search(rf"(?<![a-z0-9]){re.escape(term)}(?:s|es)?(?![a-z0-9])", text))
    ]
    return min(hits)[2] if hits else None


def _terms_of(category: str) -> list[str]:
    """A category's own name, its parts ("Tents & Camping": tents, camping), and synonyms."""
    name = _normalise(category).strip()
    parts = [p.strip() for p in re.split(r"&| and ", name) if p.strip()]
    synonyms = [_normalise(s).strip() for s in _SYNONYMS.get(category, "").split("|")]
    singular = [re.sub(r"(?:(?<=ch)|(?<=sh)|(?<=x))es$|s$", "", p) for p in parts]
    return [t for t in [name, *parts, *singular, *synonyms] if t]


def _condition(text: str) -> str | None:
    sealed = re.search(_SEALED, text) is not None
    rest = re.sub(_SEALED, " ", text)
    for condition, pattern in _CONDITIONS:
        if re.search(pattern, rest):
            return condition
    return "sealed" if sealed else None
