"""store.yaml through a real ingest: saved in the store DB, unchanged runs write nothing, a bad
file is reported with its field and the saved config stays."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.composition import Components
from assistant.tools.returns import ReturnRules
from assistant.tools.shipping import ShippingQuotes
from ingest.report import IngestReport
from ingest.store_config import default_store_config, load_store_config, read_store_config
from tests.conftest import DEMO_STORE
from tests.integration.conftest import Ingest

pytestmark = pytest.mark.integration

# Agrees with the mini store's policies and catalog categories.
MINI_CONFIG = """\
persona:
  store_name: Mini Outfitters
  assistant_name: Scout
  support_contact: help@mini.example
shipping:
  methods:
    - {id: standard, label: Standard}
    - {id: expedited, label: Expedited}
  zones:
    - {id: contiguous-us, name: Contiguous US, countries: [US]}
  rates:
    contiguous-us:
      standard: {price: 6.95, free_over: 75, days_min: 3, days_max: 5}
      expedited: {price: 14.95, days_min: 2, days_max: 2}
returns:
  window_days: 30
  rules:
    - category: Headphones & Earbuds
      applies_to: [earbud, in-ear]
      condition: opened
      outcome: exchange_only
      note: Opened in-ear headphones and earbuds can be exchanged but not refunded.
    - category: Tents & Camping
      condition: used
      outcome: returnable
      window_days: 60
      note: Used tents and camping gear can be returned within 60 days if clean and undamaged.
complements:
  Hiking Boots: [Tents & Camping]
"""


@pytest.fixture
def configured_store(mini_store: Path) -> Path:
    (mini_store / "store.yaml").write_text(MINI_CONFIG, encoding="utf-8")
    return mini_store


def config_warnings(report: IngestReport) -> list[str]:
    return [w for w in report.warnings if w.startswith("store.yaml")]


def test_config_is_saved_and_read_back(
    configured_store: Path, ingest: Ingest, components: Components
) -> None:
    assert read_store_config(components.sessions) == default_store_config()
    report = ingest(configured_store)
    assert report.status == "completed" and not report.errors
    assert report.store_config == "updated" and config_warnings(report) == []
    assert "store.yaml" not in report.ignored
    saved = read_store_config(components.sessions)
    assert saved == load_store_config(configured_store / "store.yaml")
    assert saved.persona.assistant_name == "Scout"
    quote = ShippingQuotes(saved.shipping).quote("Denver, CO", Decimal("80"))
    assert quote.render().startswith("Shipping to Colorado: standard free (your $80 order")
    tent = ReturnRules(saved.returns).check("Tents & Camping", title="Tent", condition="used")
    assert (tent.outcome, tent.window_days) == ("returnable", 60)


def test_unchanged_config_writes_nothing(
    configured_store: Path, ingest: Ingest, components: Components
) -> None:
    first = ingest(configured_store)
    second = ingest(configured_store)
    assert second.store_config == "unchanged"
    assert second.store_version == first.store_version  # nothing else changed either
    (configured_store / "store.yaml").write_text(
        MINI_CONFIG.replace("assistant_name: Scout", "assistant_name: Ranger"), encoding="utf-8"
    )
    dry = ingest(configured_store, dry_run=True)
    assert dry.store_config == "updated"
    assert read_store_config(components.sessions).persona.assistant_name == "Scout"
    third = ingest(configured_store)
    assert third.store_config == "updated" and third.store_version == first.store_version + 1
    assert read_store_config(components.sessions).persona.assistant_name == "Ranger"


def test_bad_config_is_reported_and_the_saved_one_kept(
    configured_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(configured_store)
    bad = MINI_CONFIG.replace("price: 14.95", "price: cheap").replace("outcome: returnable", "")
    (configured_store / "store.yaml").write_text(bad, encoding="utf-8")
    report = ingest(configured_store)
    assert report.status == "completed" and report.store_config == "invalid"
    fields = {e.field: e.message for e in report.errors if e.source == "store.yaml"}
    assert set(fields) == {
        "shipping.rates.contiguous-us.expedited.price",
        "returns.rules[1].outcome",
    }
    assert "is required: add it" in fields["returns.rules[1].outcome"]
    assert "store.yaml" in fields["returns.rules[1].outcome"]  # points at the format example
    summary = next(s for s in report.sources if s.source == "store.yaml")
    assert summary.failed == 1 and summary.error and "invalid store config" in summary.error
    assert report.kinds["products"].unchanged == 5  # the rest of the store still ingests
    kept = read_store_config(components.sessions)
    assert kept.persona.assistant_name == "Scout" and kept.shipping is not None


def test_bad_config_rejects_a_strict_run(configured_store: Path, ingest: Ingest) -> None:
    (configured_store / "store.yaml").write_text("persona: [unclosed\n", encoding="utf-8")
    report = ingest(configured_store, strict=True)
    assert report.status == "rejected" and report.store_config == "invalid"
    assert any("not valid YAML at line 2" in e.message for e in report.errors)


def test_drift_from_the_policy_pages_is_a_warning(configured_store: Path, ingest: Ingest) -> None:
    (configured_store / "store.yaml").write_text(
        MINI_CONFIG.replace("price: 6.95", "price: 7.95"), encoding="utf-8"
    )
    report = ingest(configured_store)
    assert report.store_config == "updated"
    assert config_warnings(report) == [
        "store.yaml: amount 7.95 (shipping.rates.contiguous-us.standard.price) does not appear "
        "in policy 'shipping'; make them agree"
    ]


def test_without_a_file_the_saved_config_stays(
    configured_store: Path, ingest: Ingest, components: Components
) -> None:
    ingest(configured_store)
    (configured_store / "store.yaml").unlink()
    report = ingest(configured_store)
    assert report.store_config == "absent"
    assert read_store_config(components.sessions).persona.store_name == "Mini Outfitters"
    single = ingest(configured_store / "catalog.csv")
    assert single.store_config is None


def test_demo_store_config_is_ingested_without_drift(
    demo: tuple[Components, IngestReport],
) -> None:
    components, report = demo
    assert report.store_config == "updated" and config_warnings(report) == []
    saved = read_store_config(components.sessions)
    assert saved == load_store_config(DEMO_STORE / "store.yaml")
    assert saved.persona.store_name == "Harbor & Pine"
