"""Recommendations: matches for a request, similar items, complements and labelled upsells.

Identity invariance: requests pass through ``assistant.neutral.neutral_request`` before
retrieval, so the same request brings the same products whoever asks.

Prices and stock on cards come from ``CatalogFacts`` (the store DB); ratings, attributes and
images from the product rows. Co-purchase counts are computed once per ``Recommender``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from itertools import combinations
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.neutral import neutral_request
from assistant.tools.catalog import CatalogFacts, VariantFacts
from ingest.storedb.models import OrderRow, ProductRow, VariantRow
from retrieval.hybrid import HybridSearcher
from retrieval.query.filters import Filters
from retrieval.query.parser import stems

Kind = Literal["similar", "complement", "upsell"]
_CENT = Decimal("0.01")


# --- cards and reasons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """One product card to show, with the honest one-line reason it is shown."""

    product_id: str
    sku: str
    title: str
    brand: str | None
    category: str | None
    price: Decimal
    currency: str
    stock: int | None
    url: str | None
    image: str | None
    reason: str
    kind: Kind
    upsell: bool = False


@dataclass(frozen=True)
class _Details:
    """What a card shows besides price and stock, from the product row."""

    product_id: str
    title: str
    brand: str | None
    category: str | None
    url: str | None
    image: str | None
    rating: float | None
    review_count: int | None
    features: frozenset[str]
    variant_links: Mapping[str, tuple[str | None, str | None]]


@dataclass(frozen=True)
class Wanted:
    """What a shown variant must meet: sizes, colours and an inclusive price range."""

    sizes: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    low: Decimal | None = None
    high: Decimal | None = None

    @classmethod
    def from_filters(cls, filters: Filters) -> Wanted:
        """The variant constraints of a search's (possibly relaxed) filters."""
        low, high = filters.price_min, filters.price_max
        return cls(
            sizes=filters.sizes,
            colors=filters.colors,
            low=None if low is None else Decimal(str(low)),
            high=None if high is None else Decimal(str(high)),
        )


def choose_variant(
    variants: Iterable[VariantFacts], wanted: Wanted = Wanted(), *, include_out_of_stock: bool
) -> VariantFacts | None:
    """The variant to show: cheapest in stock meeting ``wanted`` (ties by SKU), if any."""
    sizes = {s.lower() for s in wanted.sizes}
    colors = {c.lower() for c in wanted.colors}
    fitting = [
        v
        for v in variants
        if (not sizes or (v.size or "").lower() in sizes)
        and (not colors or (v.color or "").lower() in colors)
        and (wanted.low is None or v.price >= wanted.low)
        and (wanted.high is None or v.price <= wanted.high)
    ]
    pool = [v for v in fitting if v.in_stock] or (fitting if include_out_of_stock else [])
    return min(pool, key=lambda v: (v.price, v.sku), default=None)


def upsell_ceiling(floor: Decimal, band: float) -> Decimal:
    """The highest price an upsell over ``floor`` may have: ``floor`` plus ``band``, in cents."""
    return (floor * (1 + Decimal(str(band)))).quantize(_CENT, rounding=ROUND_DOWN)


def money(amount: Decimal, currency: str = "USD") -> str:
    """``$20`` or ``$19.99`` for dollars, ``19.99 EUR`` otherwise."""
    text = f"{amount.quantize(_CENT):,.2f}".removesuffix(".00")
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def rating_phrase(rating: float | None, review_count: int | None) -> str:
    """``rated 4.7 by 120 shoppers``, or ``not yet rated``."""
    if rating is None or not review_count:
        return "not yet rated"
    shoppers = "shopper" if review_count == 1 else "shoppers"
    return f"rated {rating:.1f} by {review_count} {shoppers}"


def _feature(attribute: str) -> str:
    return attribute.replace("_", " ")


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def similar_reason(category: str | None, shared: Collection[str], rating: str) -> str:
    """``Similar in Hiking Boots: also waterproof, rated 4.7 by 120 shoppers``."""
    also = f"also {_join(sorted(_feature(f) for f in shared))}, " if shared else ""
    return f"Similar in {category or 'the same category'}: {also}{rating}"


def copurchase_reason(anchor_title: str, orders: int) -> str:
    """How often a complement was bought with the anchor, as the orders say."""
    if orders == 1:
        return f"Bought with the {anchor_title} in an earlier order"
    return f"Often bought with the {anchor_title} ({orders} orders)"


def upsell_reason(
    extra: Decimal,
    currency: str,
    *,
    over: str,
    gains: Sequence[str],
) -> str:
    """``Upsell: $20 more than the Trailblazer Mid, adds waterproof and a 4.8 rating``."""
    adds = f", adds {_join(gains)}" if gains else ""
    return f"Upsell: {money(extra, currency)} {over}{adds}"


def _gains(candidate: _Details, reference: _Details | None) -> list[str]:
    """What an upsell adds over the reference: features it lacks, a better rating."""
    base = reference.features if reference else frozenset()
    gains = [_feature(f) for f in sorted(candidate.features - base)]
    ref_rating = reference.rating if reference else None
    if candidate.rating is not None and (ref_rating is None or candidate.rating > ref_rating):
        versus = f" (vs {ref_rating:.1f})" if ref_rating is not None else ""
        gains.append(f"a {candidate.rating:.1f} rating{versus}")
    return gains


@dataclass(frozen=True)
class _UpsellBase:
    """What an upsell improves on: a reference product, and the price it must exceed."""

    reference: _Details | None
    floor: Decimal
    category: str | None
    budget: bool  # the floor is the shopper's budget rather than the reference's price
    upgrade: bool = True  # the reference is what the shopper sees: keep all its features


def _head_noun(title: str) -> str:
    """The kind of product a title names, by its last word: "Backpacking Tent" → "tent"."""
    words = re.findall(r"[a-z]+", title.lower())
    return words[-1].removesuffix("s") if words else ""


# --- the recommender ---------------------------------------------------------------------------

Reason = Callable[[_Details, VariantFacts], str | None]  # None: not worth recommending


class Recommender:
    """Recommends in-stock products from the catalog, the same whoever asks."""

    def __init__(
        self,
        search: HybridSearcher,
        facts: CatalogFacts,
        sessions: sessionmaker[Session],
        complements: Mapping[str, Sequence[str]],
        *,
        upsell_band: float = 0.35,
        candidates: int = 40,
        min_copurchases: int = 2,
    ) -> None:
        self._search = search
        self._facts = facts
        self._sessions = sessions
        self._complements = complements
        self.upsell_band = upsell_band
        self._candidates = candidates
        # One shared order is chance, not a pattern: a basket of boots and a vase says nothing.
        self.min_copurchases = min_copurchases
        self._copurchases: dict[str, Counter[str]] | None = None
        self._vocabulary: frozenset[str] | None = None

    def for_request(
        self, text: str, k: int = 4, *, include_out_of_stock: bool = False
    ) -> list[Recommendation]:
        """The best matching products for a shopper's request, then at most one upsell."""
        query = neutral_request(text, self.vocabulary())
        if not query or k <= 0:
            return []
        result = self._search.search(query, max(self._candidates, 4 * k), kinds=("product",))
        wanted = Wanted.from_filters(result.filters)
        ranked = _unique(h.record_id for h in result.hits if h.matches)
        described = result.filters.describe()

        def reason(d: _Details, v: VariantFacts) -> str:
            asked = f" ({described})" if described else ""
            return f"Matches your request{asked}; {rating_phrase(d.rating, d.review_count)}"

        picks = self._cards(ranked, k, wanted, reason, "similar", include_out_of_stock)
        if not picks:
            return picks
        top = self._details([picks[0].product_id])[picks[0].product_id]
        budget = wanted.high
        floor = budget if budget is not None else picks[0].price
        base = _UpsellBase(top, floor, top.category, budget=budget is not None)
        pool = [*(h.record_id for h in result.hits), *self._category_ids(top.category)]
        variant_wanted = Wanted(sizes=wanted.sizes, colors=wanted.colors)
        taken = {p.product_id for p in picks}
        extra = self._upsells(base, pool, variant_wanted, taken, include_out_of_stock)
        return picks + extra[:1]

    def similar(
        self, product_id: str, k: int = 3, *, include_out_of_stock: bool = False
    ) -> list[Recommendation]:
        """Products like ``product_id``: same category, best search matches for its title."""
        anchor = self._details([product_id]).get(product_id)
        if anchor is None or k <= 0:
            return []
        query = f"{anchor.title} {anchor.category or ''}"
        hits = self._search.search(query, self._candidates, kinds=("product",)).hits
        pool = _unique([*(h.record_id for h in hits), *self._category_ids(anchor.category)])

        def reason(d: _Details, v: VariantFacts) -> str | None:
            if d.category != anchor.category:
                return None
            rating = rating_phrase(d.rating, d.review_count)
            return similar_reason(d.category, d.features & anchor.features, rating)

        return self._cards(pool, k, Wanted(), reason, "similar", include_out_of_stock, {product_id})

    def complements(
        self, product_id: str, k: int = 3, *, include_out_of_stock: bool = False
    ) -> list[Recommendation]:
        """What goes with ``product_id``: co-purchases first, then the category rules."""
        anchor = self._details([product_id]).get(product_id)
        if anchor is None or k <= 0:
            return []
        counts = self.copurchases().get(product_id, Counter())
        bought = sorted(
            (p for p in counts if counts[p] >= self.min_copurchases),
            key=lambda p: (-counts[p], p),
        )

        def bought_reason(d: _Details, v: VariantFacts) -> str:
            return copurchase_reason(anchor.title, counts[d.product_id])

        cards = self._cards(bought, k, Wanted(), bought_reason, "complement", include_out_of_stock)
        cards += self._rule_complements(anchor, k - len(cards), include_out_of_stock, cards)
        return cards

    def upsells(
        self,
        anchor: str | Decimal,
        k: int = 1,
        *,
        category: str | None = None,
        include_out_of_stock: bool = False,
    ) -> list[Recommendation]:
        """Labelled upsells in the same category, priced above a product (its shown price) or a
        budget by at most ``upsell_band``.

        Over a product, an upsell keeps every feature it has and adds a feature or a better
        rating. Over a budget, it adds either over the best-rated product within the budget.
        """
        if isinstance(anchor, Decimal):
            if category is None:
                raise ValueError("an upsell over a budget needs a category")
            pool = self._category_ids(category)
            best = self._best_within(pool, anchor)
            reference = self._details([best]).get(best) if best else None
            base = _UpsellBase(reference, anchor, category, budget=True, upgrade=False)
        else:
            reference = self._details([anchor]).get(anchor)
            shown = self._variant(anchor, Wanted(), include_out_of_stock=True)
            if reference is None or shown is None:
                return []
            pool = self._category_ids(reference.category)
            base = _UpsellBase(reference, shown.price, reference.category, budget=False)
        return self._upsells(base, pool, Wanted(), set(), include_out_of_stock, k)

    def refresh(self) -> None:
        """Forget the cached co-purchases and vocabulary (after an ingest changed them)."""
        self._copurchases = self._vocabulary = None

    def copurchases(self) -> dict[str, Counter[str]]:
        """For each product, how many orders also had each other product (computed once)."""
        if self._copurchases is None:
            with self._sessions() as session:
                variants = session.execute(select(VariantRow.sku, VariantRow.product_id))
                owner = {sku: product_id for sku, product_id in variants}
                orders = session.scalars(select(OrderRow.items)).all()
            self._copurchases = copurchase_counts(orders, owner)
        return self._copurchases

    def vocabulary(self) -> frozenset[str]:
        """Stems of every word the catalog uses (computed once)."""
        if self._vocabulary is None:
            with self._sessions() as session:
                products = session.scalars(select(ProductRow)).all()
                variants = session.execute(select(VariantRow.size, VariantRow.color)).all()
                texts = [t for p in products for t in _product_texts(p)]
                texts += [str(value) for row in variants for value in row if value]
            self._vocabulary = frozenset(s for t in texts for s in stems(t))
        return self._vocabulary

    def _rule_complements(
        self, anchor: _Details, k: int, include_out_of_stock: bool, taken: list[Recommendation]
    ) -> list[Recommendation]:
        """Up to ``k`` products from the complementary categories, one category at a time."""
        categories = [c for c in self._complements.get(anchor.category or "", ()) if c]
        categories = [c for c in categories if c != anchor.category]
        exclude = {anchor.product_id, *(c.product_id for c in taken)}
        per_category = [self._category_matches(c, anchor.title) for c in categories]
        order = _unique(_round_robin(per_category))

        def reason(d: _Details, v: VariantFacts) -> str:
            rating = rating_phrase(d.rating, d.review_count)
            return f"Pairs with {(anchor.category or 'it').lower()}: from {d.category}, {rating}"

        return self._cards(order, k, Wanted(), reason, "complement", include_out_of_stock, exclude)

    def _category_matches(self, category: str, context: str) -> list[str]:
        """Products of ``category`` ranked by keyword search for it with ``context``, then by
        rating. Keywords only: one hybrid search per category (query embedding included) made
        "what goes with it?" the slowest turn, and the category name carries the match."""
        hits = self._search.lexical_only(f"{category} {context}", self._candidates)
        found = [h.record_id for h in hits if h.metadata.get("category") == category]
        return _unique([*found, *self._category_ids(category)])

    def _upsells(
        self,
        base: _UpsellBase,
        pool: Sequence[str],
        wanted: Wanted,
        exclude: set[str],
        include_out_of_stock: bool,
        k: int = 1,
    ) -> list[Recommendation]:
        """Upsells over ``base`` from ``pool``: the reference's kind of product first ("tent"
        before "sleeping bag" in Tents & Camping), else in ``pool``'s order."""
        reference = base.reference
        details = self._details(_unique(pool))
        kind_of = _head_noun(reference.title) if reference else ""
        known = [p for p in _unique(pool) if p in details]
        pool = sorted(known, key=lambda p: _head_noun(details[p].title) != kind_of)
        band = Wanted(wanted.sizes, wanted.colors, base.floor + _CENT, self._ceiling(base.floor))
        than = f"than the {reference.title}" if reference else "than similar picks"
        over = f"over your {money(base.floor)} budget" if base.budget else f"more {than}"

        def reason(d: _Details, v: VariantFacts) -> str | None:
            gains = _gains(d, reference)
            keeps = not base.upgrade or reference is None or reference.features <= d.features
            if d.category != base.category or not gains or not keeps:
                return None
            return upsell_reason(v.price - base.floor, v.currency, over=over, gains=gains)

        exclude = exclude | ({reference.product_id} if reference else set())
        return self._cards(pool, k, band, reason, "upsell", include_out_of_stock, exclude)

    def _ceiling(self, floor: Decimal) -> Decimal:
        return upsell_ceiling(floor, self.upsell_band)

    def _best_within(self, pool: Sequence[str], budget: Decimal) -> str | None:
        """The first product of ``pool`` with an in-stock variant at or under ``budget``."""
        affordable = Wanted(high=budget)
        return next((p for p in pool if self._variant(p, affordable, False)), None)

    def _cards(
        self,
        ranked: Sequence[str],
        k: int,
        wanted: Wanted,
        reason: Reason,
        kind: Kind,
        include_out_of_stock: bool,
        exclude: Collection[str] = (),
    ) -> list[Recommendation]:
        """Cards for the first ``k`` products of ``ranked`` with a variant and a reason."""
        details = self._details([p for p in ranked if p not in exclude])
        cards: list[Recommendation] = []
        for product_id in ranked:
            if len(cards) >= k:
                break
            d = details.get(product_id)
            variant = self._variant(product_id, wanted, include_out_of_stock) if d else None
            why = reason(d, variant) if d and variant else None
            if d and variant and why:
                cards.append(_card(d, variant, why, kind))
        return cards

    def _variant(
        self, product_id: str, wanted: Wanted, include_out_of_stock: bool
    ) -> VariantFacts | None:
        """The variant to show, from the live facts (the source of record for prices)."""
        facts = self._facts.product(product_id)
        if facts is None:
            return None
        return choose_variant(facts.variants, wanted, include_out_of_stock=include_out_of_stock)

    def _details(self, product_ids: Sequence[str]) -> dict[str, _Details]:
        if not product_ids:
            return {}
        with self._sessions() as session:
            rows = session.scalars(
                select(ProductRow)
                .options(selectinload(ProductRow.variants))
                .where(ProductRow.product_id.in_(list(product_ids)))
            ).all()
            return {row.product_id: _details_of(row) for row in rows}

    def _category_ids(self, category: str | None) -> list[str]:
        """The category's products, best rated first (ties by review count, then id)."""
        with self._sessions() as session:
            rows = session.execute(
                select(ProductRow.product_id, ProductRow.rating, ProductRow.review_count).where(
                    ProductRow.category == category
                )
            ).all()
        return [r[0] for r in sorted(rows, key=lambda r: (-(r[1] or 0), -(r[2] or 0), r[0]))]


def _card(d: _Details, variant: VariantFacts, reason: str, kind: Kind) -> Recommendation:
    url, image = d.variant_links.get(variant.sku, (None, None))
    return Recommendation(
        product_id=d.product_id,
        sku=variant.sku,
        title=d.title,
        brand=d.brand,
        category=d.category,
        price=variant.price,
        currency=variant.currency,
        stock=variant.stock,
        url=url or d.url,
        image=image or d.image,
        reason=reason,
        kind=kind,
        upsell=kind == "upsell",
    )


def _details_of(row: ProductRow) -> _Details:
    attributes: dict[str, Any] = row.attributes or {}
    return _Details(
        product_id=row.product_id,
        title=row.title,
        brand=row.brand,
        category=row.category,
        url=row.url,
        image=row.image_url,
        rating=row.rating,
        review_count=row.review_count,
        features=frozenset(key for key, value in attributes.items() if value is True),
        variant_links={v.sku: (v.url, v.image_url) for v in row.variants},
    )


def _product_texts(row: ProductRow) -> list[str]:
    attributes: dict[str, Any] = row.attributes or {}
    fixed = [row.title, row.brand, row.category, row.description, *(row.tags or [])]
    pairs = [f"{key.replace('_', ' ')} {value}" for key, value in attributes.items()]
    return [t for t in [*fixed, *pairs] if t]


def copurchase_counts(
    orders: Iterable[list[dict[str, Any]]], owner: Mapping[str, str]
) -> dict[str, Counter[str]]:
    """Co-purchase counts: in how many orders each pair of distinct products appears."""
    counts: dict[str, Counter[str]] = {}
    for items in orders:
        products = sorted({owner[i["sku"]] for i in items or [] if i.get("sku") in owner})
        for a, b in combinations(products, 2):
            counts.setdefault(a, Counter())[b] += 1
            counts.setdefault(b, Counter())[a] += 1
    return counts


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _round_robin(lists: Sequence[Sequence[str]]) -> list[str]:
    longest = max((len(items) for items in lists), default=0)
    return [items[i] for i in range(longest) for items in lists if i < len(items)]
