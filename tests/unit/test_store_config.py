"""store.yaml: the demo store's config, validation errors that name the field, drift warnings."""

from __future__ import annotations

import copy
import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from ingest.readers.policies import read_policy
from ingest.schemas import PolicyDoc
from ingest.store_config import (
    StoreConfig,
    StoreConfigError,
    check_against_sources,
    default_store_config,
    load_store_config,
    parse_store_config,
    read_store_config,
    save_store_config,
)
from ingest.storedb.db import create_store_engine, migrate, session_factory
from tests.conftest import DEMO_STORE

pytestmark = pytest.mark.unit

DEMO_YAML = DEMO_STORE / "store.yaml"


@pytest.fixture(scope="module")
def demo_data() -> dict[str, Any]:
    data = yaml.safe_load(DEMO_YAML.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def demo_config() -> StoreConfig:
    return load_store_config(DEMO_YAML)


def demo_policies() -> list[PolicyDoc]:
    paths = sorted((DEMO_STORE / "policies").glob("*.md"))
    return [read_policy(p, p.name, doc_id=p.stem).records[0][1] for p in paths]


def catalog_categories() -> set[str]:
    with (DEMO_STORE / "catalog.csv").open(encoding="utf-8") as handle:
        return {row["category"] for row in csv.DictReader(handle)}


def test_demo_config_encodes_the_shipping_table(demo_config: StoreConfig) -> None:
    shipping = demo_config.shipping
    assert shipping is not None and shipping.policy_doc == "shipping"
    standard = shipping.rate("contiguous-us", "standard")
    assert standard is not None
    assert (standard.price, standard.free_over) == (Decimal("6.95"), Decimal("75"))
    assert shipping.rate("canada", "overnight") is None
    assert shipping.rate("us-territories", "expedited") is None
    military = shipping.rate("military", "standard")
    assert military is not None and military.days_max == 21
    international = next(z for z in shipping.zones if z.id == "international")
    assert len(international.countries) == 27 + 2  # the EU, the UK and Australia


def test_demo_config_encodes_every_category_exception(demo_config: StoreConfig) -> None:
    returns = demo_config.returns
    assert (returns.window_days, returns.final_sale_tag, returns.policy_doc) == (
        30,
        "final-sale",
        "returns",
    )
    assert {r.category for r in returns.rules} == {
        "Headphones & Earbuds",
        "Beauty & Personal Care",
        "Tents & Camping",
        "Hiking Boots",
        "Running Shoes",
        "Bedding & Bath",
        "Pet Supplies",
        "Smart Home",
        "Toys & Games",
    }
    tents = next(r for r in returns.rules if r.category == "Tents & Camping")
    assert (tents.condition, tents.window_days) == ("any", 60)


def test_demo_config_agrees_with_its_policies_and_catalog(demo_config: StoreConfig) -> None:
    assert demo_config.persona.assistant_name == "Pine"
    assert check_against_sources(demo_config, demo_policies(), catalog_categories()) == []
    assert demo_config.categories() <= catalog_categories()


def test_a_drifted_amount_is_a_warning_naming_the_number(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["shipping"]["rates"]["canada"]["standard"]["price"] = 15.95
    data["returns"]["rules"][5]["window_days"] = 45  # Tents & Camping
    config = parse_store_config(data)
    warnings = check_against_sources(config, demo_policies(), None)
    assert len(warnings) == 2
    assert "15.95 (shipping.rates.canada.standard.price)" in warnings[0]
    assert "return window 45 days" in warnings[1]


def test_a_missing_policy_page_and_an_unknown_category_are_warnings(
    demo_config: StoreConfig,
) -> None:
    returns_only = [p for p in demo_policies() if p.doc_id == "returns"]
    warnings = check_against_sources(demo_config, returns_only, {"Backpacks"})
    assert any("policy page 'shipping' was not found" in w for w in warnings)
    assert any("category 'Hiking Boots' is not in the catalog" in w for w in warnings)


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d["persona"].pop("store_name"), "persona.store_name", "is required"),
        (lambda d: d["persona"].update(colour="red"), "persona.colour", "not a known field"),
        (
            lambda d: d["shipping"]["rates"]["canada"]["standard"].update(price="cheap"),
            "shipping.rates.canada.standard.price",
            "decimal",
        ),
        (
            lambda d: d["returns"]["rules"][0].update(outcome="refund"),
            "returns.rules[0].outcome",
            "'returnable', 'exchange_only' or 'not_returnable'",
        ),
        (
            lambda d: d["returns"]["rules"][0].update(condition="soggy"),
            "returns.rules[0].condition",
            "worn_outside",
        ),
        (
            lambda d: d["shipping"]["zones"][4].update(countries=["Canada"]),
            "shipping.zones[4].countries[0]",
            "pattern",
        ),
        (
            lambda d: d["returns"]["holiday_extension"].update(returnable_until="02-30"),
            "returns.holiday_extension",
            "day is out of range",
        ),
    ],
)
def test_invalid_field_is_named_with_what_to_do(
    demo_data: dict[str, Any], change: Any, path: str, words: str
) -> None:
    data = copy.deepcopy(demo_data)
    change(data)
    with pytest.raises(StoreConfigError) as raised:
        parse_store_config(data)
    problems = dict(raised.value.problems)
    assert path in problems, problems
    assert words in problems[path]
    assert path in str(raised.value) and raised.value.hint
    errors = raised.value.row_errors()
    assert errors[0].source == "store.yaml" and errors[0].field == path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s["rates"].update(mars={"standard": None}), "zone 'mars' is not among zones"),
        (lambda s: s["rates"]["canada"].update(teleport=None), "unknown methods ['teleport']"),
        (lambda s: s["zones"][5]["countries"].append("CA"), "country in zones 'CA' appears"),
        (
            lambda s: s["rates"].update(canada={"overnight": None}),
            "zone 'canada' has no available method",
        ),
        (
            lambda s: s["rates"]["canada"]["standard"].update(days_min=12),
            "days_min is larger than days_max",
        ),
    ],
)
def test_shipping_table_must_be_consistent(
    demo_data: dict[str, Any], change: Any, words: str
) -> None:
    data = copy.deepcopy(demo_data)
    change(data["shipping"])
    with pytest.raises(StoreConfigError) as raised:
        parse_store_config(data)
    assert words in str(raised.value)


def test_complements_must_not_name_the_category_itself(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["complements"]["Kitchen"] = ["Kitchen"]
    with pytest.raises(StoreConfigError, match="'Kitchen' lists itself"):
        parse_store_config(data)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("persona: [unclosed\n", "is not valid YAML at line 2"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_unreadable_files_say_so(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "store.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreConfigError, match=words):
        load_store_config(path)


def test_default_config_has_no_shipping_table_and_standard_returns() -> None:
    config = default_store_config()
    assert config.persona.store_name == "our store"
    assert config.persona.competitor_policy == "Talk only about this store's products."
    assert config.persona.quick_replies
    assert config.shipping is None and config.complements == {}
    assert (config.returns.window_days, config.returns.rules) == (30, [])


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    return session_factory(engine)


def test_saved_config_is_read_back_and_unchanged_is_not_written(
    sessions: sessionmaker[Session], demo_config: StoreConfig
) -> None:
    assert read_store_config(sessions) == default_store_config()
    with sessions.begin() as session:
        assert save_store_config(session, demo_config, dry_run=True)
    assert read_store_config(sessions) == default_store_config()  # a dry run writes nothing
    with sessions.begin() as session:
        assert save_store_config(session, demo_config)
    assert read_store_config(sessions) == demo_config
    with sessions.begin() as session:
        assert not save_store_config(session, demo_config)
