"""Live price and stock from the store DB, following every feed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from assistant.composition import Components

pytestmark = pytest.mark.integration


def test_facts_by_product_or_sku_follow_a_price_and_stock_feed(
    mini_store: Path, components: Components, ingest: Any
) -> None:
    ingest(mini_store)
    facts = components.catalog_facts
    boot = facts.product("P1")
    assert boot is not None and boot == facts.product("BOOT-11-BRN")
    size_10, size_11 = boot.variant(size="10")[0], boot.variant(size="11")[0]
    assert (size_10.price, size_10.stock, size_10.in_stock) == (Decimal("109.00"), 12, True)
    assert size_11.stock == 0 and not size_11.in_stock
    assert size_10.on_sale and size_10.compare_at_price == Decimal("129.00")
    assert boot.variant(color="brown") == list(boot.variants)
    catalog = mini_store / "catalog.csv"
    catalog.write_text(catalog.read_text().replace("109.00,129.00,USD,0,", "99.00,129.00,USD,4,"))
    ingest(mini_store)
    after = facts.product("BOOT-11-BRN")
    assert after is not None
    assert (after.variant(size="11")[0].price, after.variant(size="11")[0].stock) == (
        Decimal("99.00"),
        4,
    )
    assert facts.product("NO-SUCH-SKU") is None and facts.product("  ") is None
