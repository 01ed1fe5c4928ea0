"""Structured filters on product metadata, applied alike in Chroma and on the lexical side.

A ``Filters`` holds what a shopper asked for explicitly (a price range, in stock, a size, a
colour). ``to_where`` renders it as a Chroma ``where`` clause; ``MetadataColumns.mask`` evaluates
the same conditions over the lexical index's documents, so both retrievers see the same set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]

# Which filter a relaxation drops first: the least essential constraint goes first.
RELAX_ORDER = ("colors", "sizes", "in_stock", "price")
_DESCRIBE = {
    "colors": "colour",
    "sizes": "size",
    "in_stock": "in-stock",
    "price": "price",
}


@dataclass(frozen=True)
class Filters:
    """Hard constraints on products. Empty fields mean "no constraint"."""

    price_min: float | None = None
    price_max: float | None = None
    in_stock: bool = False
    sizes: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.price_min is not None
            or self.price_max is not None
            or self.in_stock
            or self.sizes
            or self.colors
        )

    def without(self, name: str) -> Filters:
        """These filters with one constraint (``price``, ``in_stock``, ``sizes``…) dropped."""
        if name == "price":
            return replace(self, price_min=None, price_max=None)
        if name == "in_stock":
            return replace(self, in_stock=False)
        if name == "sizes":
            return replace(self, sizes=())
        return replace(self, colors=())

    def active(self) -> list[str]:
        """The constraints set, in relaxation order."""
        present = {
            "colors": bool(self.colors),
            "sizes": bool(self.sizes),
            "in_stock": self.in_stock,
            "price": self.price_min is not None or self.price_max is not None,
        }
        return [name for name in RELAX_ORDER if present[name]]

    def describe(self) -> str:
        """A short phrase for messages: ``under $120, size 10, in stock``."""
        parts: list[str] = []
        if self.price_min is not None and self.price_max is not None:
            parts.append(f"{_money(self.price_min)}–{_money(self.price_max)}")
        elif self.price_max is not None:
            parts.append(f"under {_money(self.price_max)}")
        elif self.price_min is not None:
            parts.append(f"over {_money(self.price_min)}")
        if self.sizes:
            parts.append("size " + " or ".join(self.sizes))
        if self.colors:
            parts.append(" or ".join(self.colors))
        if self.in_stock:
            parts.append("in stock")
        return ", ".join(parts)

    def to_where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause, or None when there is nothing to filter on."""
        clauses: list[dict[str, Any]] = []
        if self.price_max is not None:
            clauses.append({"price": {"$lte": self.price_max}})
        if self.price_min is not None:
            clauses.append({"price_max": {"$gte": self.price_min}})
        if self.in_stock:
            clauses.append({"in_stock": True})
        size_field = "sizes_in_stock"  # a size asked for is a size to buy: it must be in stock
        color_field = "colors_in_stock" if self.in_stock else "colors"
        clauses.extend(_any_contains(size_field, self.sizes))
        clauses.extend(_any_contains(color_field, self.colors))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def describe_dropped(self, dropped: Sequence[str]) -> str:
        """``size and colour`` for the relaxation message."""
        return " and ".join(_DESCRIBE[name] for name in dropped)


def _money(value: float) -> str:
    """$1,200 or $99.99: cents only when there are some."""
    text = f"${value:,.2f}"
    return text.removesuffix(".00")


def _any_contains(field_name: str, values: Sequence[str]) -> list[dict[str, Any]]:
    if not values:
        return []
    options = [{field_name: {"$contains": v}} for v in values]
    return [options[0] if len(options) == 1 else {"$or": options}]


@dataclass
class MetadataColumns:
    """Filterable metadata of an index's documents, as columns aligned with its ids."""

    price: npt.NDArray[np.float64]
    price_max: npt.NDArray[np.float64]
    in_stock: Mask
    values: dict[str, dict[str, Mask]] = field(default_factory=dict)
    kinds: npt.NDArray[np.str_] = field(default_factory=lambda: np.array([], dtype=np.str_))
    has_stock: bool = False

    @classmethod
    def build(cls, metadatas: Sequence[Mapping[str, Any]]) -> MetadataColumns:
        """Columns from one metadata mapping per document."""
        n = len(metadatas)
        price = np.array([_number(m.get("price")) for m in metadatas], dtype=np.float64)
        price_max = np.array(
            [_number(m.get("price_max", m.get("price"))) for m in metadatas], dtype=np.float64
        )
        in_stock = np.array([m.get("in_stock") is True for m in metadatas], dtype=np.bool_)
        values: dict[str, dict[str, Mask]] = {}
        for name in ("sizes", "colors", "sizes_in_stock", "colors_in_stock"):
            index: dict[str, Mask] = {}
            for row, meta in enumerate(metadatas):
                for value in _as_list(meta.get(name)):
                    index.setdefault(value, np.zeros(n, dtype=np.bool_))[row] = True
            values[name] = index
        return cls(
            price=price,
            price_max=price_max,
            in_stock=in_stock,
            values=values,
            kinds=np.array([str(m.get("kind", "")) for m in metadatas], dtype=np.str_),
            has_stock=any("in_stock" in m for m in metadatas),
        )

    def __len__(self) -> int:
        return len(self.price)

    def distinct(self, name: str) -> list[str]:
        """The distinct values of a list field (``sizes``, ``colors``)."""
        return sorted(self.values.get(name, {}))

    @property
    def has_prices(self) -> bool:
        """Whether any document carries a price (a BEIR corpus may have none)."""
        return bool(np.isfinite(self.price).any())

    def kind_mask(self, kinds: Iterable[str]) -> Mask | None:
        """Which documents are of one of ``kinds``; None when ``kinds`` is empty."""
        wanted = list(kinds)
        if not wanted:
            return None
        return np.isin(self.kinds, wanted) if len(self.kinds) else np.zeros(0, dtype=np.bool_)

    def mask(self, filters: Filters) -> Mask | None:
        """Which documents pass ``filters``; None when nothing is filtered."""
        if not filters:
            return None
        keep = np.ones(len(self), dtype=np.bool_)
        if filters.price_max is not None:
            keep &= self.price <= filters.price_max  # NaN (no price) compares False
        if filters.price_min is not None:
            keep &= self.price_max >= filters.price_min
        if filters.in_stock:
            keep &= self.in_stock
        keep &= self._any_of("sizes_in_stock", filters.sizes)
        keep &= self._any_of("colors_in_stock" if filters.in_stock else "colors", filters.colors)
        return keep

    def _any_of(self, name: str, wanted: Iterable[str]) -> Mask | bool:
        wanted = list(wanted)
        if not wanted:
            return True
        found = np.zeros(len(self), dtype=np.bool_)
        for value in wanted:
            column = self.values.get(name, {}).get(value)
            if column is not None:
                found |= column
        return found


def _number(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]
