"""A store's structured config, ``store.yaml``: persona, shipping table, return rules, complements.

The Markdown policies are for people and for retrieval; this file is what the deterministic tools
quote (``assistant.tools.shipping``, ``assistant.tools.returns``), because a small local model
misreads policy tables. Ingest validates it, checks its numbers against the policy pages (a drift
is a warning), and saves it as JSON in the store DB, where the runtime reads it with
``read_store_config``. A store without the file gets ``default_store_config()``: a generic persona,
no shipping table and the standard 30-day return window, so the tools say they don't know and
offer a person rather than guess.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import SourceError
from ingest.schemas import PolicyDoc, RowError
from ingest.storedb.models import StoreMetaRow

logger = logging.getLogger(__name__)

STORE_CONFIG_KEY = "store_config"
FORMAT_HINT = "see data/demo-store/store.yaml and its README section for the format"
DEFAULT_QUICK_REPLIES = ("Where is my order?", "How much is shipping?", "Start a return")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")]
MonthDay = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{2}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Condition = Literal["sealed", "opened", "used", "washed", "worn_outside", "incomplete", "any"]
Outcome = Literal["returnable", "exchange_only", "not_returnable"]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Persona(_Config):
    """Who the assistant is and how it speaks."""

    store_name: ShortText = Field(description="The store's name as shoppers know it.")
    assistant_name: ShortText = Field("Shopping assistant", description="The assistant's own name.")
    tone: ShortText = Field(
        "Friendly, clear and brief.",
        description="One short sentence on how the assistant speaks, used in the system prompt.",
    )
    support_contact: ShortText = Field(
        description="How to reach a person, e.g. 'help@shop.example or 1-800-555-0100, Mon–Fri'."
    )
    quick_replies: list[ShortText] = Field(
        default_factory=lambda: list(DEFAULT_QUICK_REPLIES),
        max_length=8,
        description="Buttons offered with the greeting.",
    )
    competitor_policy: ShortText = Field(
        "Talk only about this store's products.",
        description="What the assistant says or does when asked about other shops.",
    )


class ShippingMethod(_Config):
    """A shipping method shoppers can pick."""

    id: Slug = Field(description="Method id, e.g. 'standard'; the rate table's column.")
    label: ShortText = Field(description="How the method is named in answers, e.g. 'Standard'.")


class ShippingZone(_Config):
    """Destinations that share one row of the rate table."""

    id: Slug = Field(description="Zone id, e.g. 'canada'; the rate table's row.")
    name: ShortText = Field(description="How the zone is named in answers.")
    countries: list[CountryCode] = Field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes, e.g. CA, GB, DE (not UK)."
    )
    regions: list[RegionCode] = Field(
        default_factory=list,
        description="US states, territories and military codes (AK, HI, PR, GU, VI, APO); "
        "a region wins over its country.",
    )

    @model_validator(mode="after")
    def _somewhere(self) -> ShippingZone:
        if not self.countries and not self.regions:
            raise ValueError("a zone needs at least one country or region")
        return self


class Rate(_Config):
    """One cell of the rate table: a method's price and delivery time in a zone."""

    price: Decimal = Field(ge=0, decimal_places=2, description="Price in the shipping currency.")
    free_over: Decimal | None = Field(
        None,
        gt=0,
        decimal_places=2,
        description="Free from this merchandise subtotal on.",
    )
    days_min: int | None = Field(None, ge=0, le=60, description="Fastest delivery, in days.")
    days_max: int = Field(ge=0, le=60, description="Slowest delivery, in days.")
    business_days: bool = Field(True, description="Whether the days are business days.")

    @model_validator(mode="after")
    def _ordered(self) -> Rate:
        if self.days_min is not None and self.days_min > self.days_max:
            raise ValueError("days_min is larger than days_max")
        return self


class ShippingConfig(_Config):
    """Where the store ships, how, and at what price."""

    currency: str = Field("USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code of prices.")
    policy_doc: Slug = Field("shipping", description="Policy page to cite (its file stem).")
    transit_note: ShortText | None = Field(
        None, description="One sentence on how days are counted."
    )
    methods: list[ShippingMethod] = Field(min_length=1, description="Methods, in display order.")
    zones: list[ShippingZone] = Field(min_length=1, description="Zones, in display order.")
    rates: dict[str, dict[str, Rate | None]] = Field(
        description="zone id → method id → rate; a missing or null cell is not available."
    )

    @model_validator(mode="after")
    def _consistent(self) -> ShippingConfig:
        methods = _unique([m.id for m in self.methods], "method id")
        zones = _unique([z.id for z in self.zones], "zone id")
        _unique([c for z in self.zones for c in z.countries], "country in zones")
        _unique([r for z in self.zones for r in z.regions], "region in zones")
        for zone_id, row in self.rates.items():
            if zone_id not in zones:
                raise ValueError(f"rates: zone '{zone_id}' is not among zones {sorted(zones)}")
            unknown = set(row) - methods
            if unknown:
                raise ValueError(f"rates.{zone_id}: unknown methods {sorted(unknown)}")
        for zone_id in zones:
            if not any(self.rates.get(zone_id, {}).values()):
                raise ValueError(f"rates: zone '{zone_id}' has no available method")
        return self

    def rate(self, zone_id: str, method_id: str) -> Rate | None:
        """The rate of a method in a zone, or None when it isn't offered there."""
        return self.rates.get(zone_id, {}).get(method_id)


class CategoryRule(_Config):
    """A category exception of the returns policy, in the catalog's category names."""

    category: ShortText = Field(description="Catalog category the rule belongs to.")
    applies_to: list[ShortText] = Field(
        default_factory=list,
        description="Keywords matched against product title and tags (case-insensitive, "
        "plurals too); empty = the whole category.",
    )
    condition: Condition = Field(
        "any", description="Item condition the rule covers; 'used' also covers washed and worn."
    )
    outcome: Outcome = Field(description="What the shopper can do.")
    window_days: int | None = Field(None, ge=0, le=730, description="Days from delivery.")
    note: ShortText = Field(description="One line quoting the policy, shown as the reason.")
    label: ShortText | None = Field(
        None, description="What ``applies_to`` covers, in words ('in-ear headphones and earbuds')."
    )


class HolidayExtension(_Config):
    """Orders placed between two days are returnable until a day of the next year."""

    placed_from: MonthDay = Field(description="First order day, 'MM-DD'.")
    placed_to: MonthDay = Field(description="Last order day, 'MM-DD', same year.")
    returnable_until: MonthDay = Field(description="Last return day, 'MM-DD' of the next year.")

    @model_validator(mode="after")
    def _real_days(self) -> HolidayExtension:
        for value in (self.placed_from, self.placed_to, self.returnable_until):
            month_day(value)
        if month_day(self.placed_from) > month_day(self.placed_to):
            raise ValueError("placed_from is after placed_to")
        return self


class ReturnsConfig(_Config):
    """The return window, its holiday extension, and the category exceptions."""

    window_days: int = Field(30, ge=0, le=730, description="Days from delivery to start a return.")
    holiday_extension: HolidayExtension | None = Field(None, description="Longer holiday window.")
    final_sale_tag: ShortText | None = Field("final-sale", description="Catalog tag of final sale.")
    final_sale_note: ShortText = Field(
        "Final sale items can't be returned or exchanged.", description="Reason for final sale."
    )
    condition_note: ShortText | None = Field(
        None, description="The general condition requirements, shown for used or opened items."
    )
    policy_doc: Slug = Field("returns", description="Policy page to cite (its file stem).")
    rules: list[CategoryRule] = Field(default_factory=list, description="Category exceptions.")


class CompetitorPolicy(_Config):
    """What the assistant does when a shopper brings up another shop."""

    names: list[ShortText] = Field(
        default_factory=list,
        description="Competitors to recognise by name, besides the large retailers aisle knows.",
    )
    reply: ShortText | None = Field(
        None,
        description="What the assistant says instead of comparing or recommending other shops; "
        "default: that it can only speak for this store's own products and prices.",
    )
    price_match_doc: Slug | None = Field(
        None,
        description="The policy page (its file name without .md) to point to when a shopper "
        "mentions a lower price elsewhere, e.g. 'price-match'; none: no price matching.",
    )


class StoreConfig(_Config):
    """Everything in ``store.yaml``."""

    persona: Persona = Field(description="Who the assistant is.")
    competitors: CompetitorPolicy = Field(
        default_factory=CompetitorPolicy, description="Questions about other shops."
    )
    shipping: ShippingConfig | None = Field(None, description="None: shipping costs unknown.")
    returns: ReturnsConfig = Field(default_factory=ReturnsConfig, description="Return rules.")
    complements: dict[ShortText, list[ShortText]] = Field(
        default_factory=dict, description="Category → categories that go with it."
    )

    @model_validator(mode="after")
    def _no_self_complement(self) -> StoreConfig:
        for category, others in self.complements.items():
            if category in others:
                raise ValueError(f"complements: '{category}' lists itself")
        return self

    def categories(self) -> set[str]:
        """Every category name the config mentions (checked against the catalog at ingest)."""
        named = {r.category for r in self.returns.rules} | set(self.complements)
        return named.union(*self.complements.values())


class StoreConfigError(SourceError):
    """``store.yaml`` is not valid; ``problems`` holds (field path, what to do) pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        shown = "; ".join(f"{path}: {fix}" if path else fix for path, fix in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(source, f"invalid store config: {shown}{more}", hint=FORMAT_HINT)
        self.problems = problems

    def row_errors(self) -> list[RowError]:
        """One report error per problem, naming the file and the field path."""
        return [
            RowError(source=self.source, field=path or None, message=f"{fix}; {FORMAT_HINT}")
            for path, fix in self.problems
        ]


def month_day(value: str) -> tuple[int, int]:
    """``'MM-DD'`` as (month, day); raises ValueError for a day no year has."""
    month, day = (int(part) for part in value.split("-"))
    date(2000, month, day)  # a leap year, so 02-29 is allowed
    return month, day


def default_store_config() -> StoreConfig:
    """The config of a store without ``store.yaml``: tools then say they don't know."""
    return StoreConfig(
        persona=Persona(store_name="our store", support_contact="our customer support team")
    )


def load_store_config(path: Path) -> StoreConfig:
    """Read and validate ``store.yaml``; raises ``StoreConfigError`` naming each bad field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreConfigError(path.name, [("", f"cannot be read ({exc.strerror})")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise StoreConfigError(path.name, [("", f"is not valid YAML{where}")]) from None
    return parse_store_config(data, path.name)


def parse_store_config(data: object, source: str = "store.yaml") -> StoreConfig:
    """Validate already-parsed YAML/JSON data as a store config."""
    if not isinstance(data, dict):
        raise StoreConfigError(source, [("", "must be a mapping with a 'persona' key")])
    try:
        return StoreConfig.model_validate(data)
    except ValidationError as exc:
        raise StoreConfigError(source, [_problem(e) for e in exc.errors()]) from None


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    kind, message = error["type"], str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return path, "is required: add it"
    if kind == "extra_forbidden":
        return path, "is not a known field: remove it or fix its spelling"
    return path, f"{message} (got {error.get('input')!r})" if kind != "value_error" else message


def _unique(values: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} '{value}' appears twice")
        seen.add(value)
    return seen


def check_against_sources(
    config: StoreConfig,
    policies: Iterable[PolicyDoc],
    categories: set[str] | None,
    source: str = "store.yaml",
) -> list[str]:
    """Warnings where the config and the store's other files disagree.

    Every amount of the rate table must appear on the shipping page, and every return window
    and holiday date on the returns page, so the table and the prose cannot drift apart
    silently. Category names must be the catalog's (when the catalog was read).
    """
    texts = {p.doc_id: "\n".join(s.text for s in p.sections) for p in policies}
    warnings = [f"{source}: {w}" for w in _policy_drift(config, texts)]
    if categories:
        for name in sorted(config.categories() - categories):
            warnings.append(f"{source}: category '{name}' is not in the catalog; check its name")
    return warnings


def _policy_drift(config: StoreConfig, texts: Mapping[str, str]) -> list[str]:
    expected: list[tuple[str, str, str]] = []  # (doc id, pattern, what)
    if config.shipping is not None:
        doc = config.shipping.policy_doc
        for zone, row in config.shipping.rates.items():
            for method, rate in row.items():
                amounts = {"price": rate.price, "free_over": rate.free_over} if rate else {}
                for name, amount in amounts.items():
                    if amount:
                        what = f"amount {amount} (shipping.rates.{zone}.{method}.{name})"
                        expected.append((doc, _amount_pattern(amount), what))
    returns = config.returns
    windows = {returns.window_days} | {r.window_days for r in returns.rules if r.window_days}
    for days in sorted(windows):
        expected.append((returns.policy_doc, rf"\b{days}[- ]days?\b", f"return window {days} days"))
    if returns.holiday_extension is not None:
        ext = returns.holiday_extension
        for value in (ext.placed_from, ext.placed_to, ext.returnable_until):
            month, day = month_day(value)
            named = f"{date(2000, month, day):%B} {day}"
            expected.append((returns.policy_doc, rf"\b{named}\b", f"holiday date {named}"))
    return _missing(expected, texts)


def _missing(expected: Sequence[tuple[str, str, str]], texts: Mapping[str, str]) -> list[str]:
    warnings: list[str] = []
    for doc in sorted({d for d, _, _ in expected} - set(texts)):
        warnings.append(f"policy page '{doc}' was not found; its numbers were not checked")
    for doc, pattern, what in expected:
        if doc in texts and not re.search(pattern, texts[doc], re.IGNORECASE):
            warnings.append(f"{what} does not appear in policy '{doc}'; make them agree")
    return warnings


def _amount_pattern(amount: Decimal) -> str:
    """``75`` matches 75 and 75.00; ``1500`` also 1,500; ``6.95`` only 6.95."""
    whole = amount == amount.to_integral_value()
    digits = f"{int(amount):,}" if whole else f"{amount:,.2f}"
    number = re.escape(digits).replace(",", ",?") + (r"(?:\.00)?" if whole else "")
    return rf"(?<![\d.,]){number}(?!\d)"


def stored_store_config(session: Session) -> StoreConfig | None:
    """The config saved by the last ingest, or None (none saved, or from an older schema)."""
    row = session.get(StoreMetaRow, STORE_CONFIG_KEY)
    if row is None:
        return None
    try:
        return StoreConfig.model_validate_json(row.value)
    except ValidationError:
        logger.warning("stored store config no longer validates", extra={"key": row.key})
        return None


def save_store_config(session: Session, config: StoreConfig, *, dry_run: bool = False) -> bool:
    """Save ``config`` unless it equals the stored one; returns whether it changed."""
    value = config.model_dump_json()
    row = session.get(StoreMetaRow, STORE_CONFIG_KEY)
    if row is not None and row.value == value:
        return False
    if not dry_run:
        session.merge(StoreMetaRow(key=STORE_CONFIG_KEY, value=value))
    return True


def read_store_config(sessions: sessionmaker[Session]) -> StoreConfig:
    """The store's saved config, or ``default_store_config()`` when none was ingested."""
    with sessions() as session:
        return stored_store_config(session) or default_store_config()
