"""Generate the Harbor & Pine demo store: ``catalog.csv`` and ``orders.csv``.

Usage (from the repository root)::

    python data/generate_demo_store.py [--out data/demo-store]

Deterministic: every draw comes from ``random.Random`` instances seeded with ``SEED`` (never
the global generator), rows are written in a fixed order, so the output is byte-identical on
every run. Stdlib only. Product vocabulary lives in ``demo_store_vocab.py``; the policies and
FAQs under ``demo-store/`` are written by hand and the shipping constants below mirror
``policies/shipping.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # keep data/ free of __pycache__
import demo_store_vocab as vocab  # noqa: E402

SEED = 20261120
ORDERS_SEED = SEED + 26  # picked so that A1043, the example order in the policies and FAQs, is delivered
BASE_URL = "https://harborandpine.example"
CENT = Decimal("0.01")
CATALOG_HEADER = ["product_id", "sku", "title", "brand", "category", "size", "color", "price",
                  "compare_at_price", "currency", "stock", "rating", "review_count", "url",
                  "image_url", "description", "attributes", "tags"]
ORDERS_HEADER = ["order_id", "customer_name", "email", "postal_code", "country", "status",
                 "placed_at", "shipped_at", "delivered_at", "carrier", "tracking_number",
                 "shipping_method", "items", "subtotal", "shipping", "tax", "total", "currency"]
SIZE_CODES = {"Twin": "TW", "Full": "FL", "Queen": "QN", "King": "KG", "Standard": "STD",
              "Regular": "REG", "Long": "LNG", "Wide": "WD", "S/M": "SM", "M/L": "ML"}
MIN_WORDS, MAX_WORDS = 35, 220


@dataclass
class Variant:
    """One sellable SKU of a product."""

    sku: str
    size: str
    color: str
    price: Decimal
    compare_at: Decimal | None
    stock: int


@dataclass
class Product:
    """A product with its variants, ready to be written as catalog rows."""

    product_id: str
    category: str
    brand: str
    title: str
    slug: str
    attrs: dict[str, Any]
    tags: list[str]
    description: str
    rating: str
    review_count: int
    variants: list[Variant] = field(default_factory=list)


# ------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'Women's Cascade Mid' -> 'womens-cascade-mid'."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and ").replace("°F", "f"))
    text = text.encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def money(value: float | Decimal | str) -> Decimal:
    """Round to cents, half up."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def shelf_price(rng: random.Random, value: float) -> Decimal:
    """Turn a raw number into a believable shelf price ending in .99, .95, .50 or .00."""
    ending = rng.choices(["0.99", "0.95", "0.50", "0.00"], weights=[60, 20, 8, 12])[0]
    whole = max(int(value), 4)
    return money(Decimal(whole) + Decimal(ending) if ending != "0.00" else Decimal(whole + 1))


def same_ending(price: Decimal, value: float) -> Decimal:
    """Scale-derived price that keeps the cents of ``price`` (for size-based pricing)."""
    return money(int(value) + (price - int(price)))


def cond_matches(attrs: dict[str, Any], cond: str) -> bool:
    """Check a rule like ``waterproof=true`` or ``insulation_g`` (present) against attributes."""
    name, _, want = cond.partition("=")
    if name not in attrs:
        return False
    return not want or value_key(attrs[name]) == want.lower()


def value_key(value: Any) -> str:
    """Normalise an attribute value for rule keys: booleans become 'true'/'false'."""
    return str(value).lower() if not isinstance(value, bool) else ("true" if value else "false")


def title_form(value: str) -> str:
    """Title-case a value for use in a product title, keeping acronyms intact."""
    if value in vocab.TITLE_FORMS:
        return vocab.TITLE_FORMS[value]
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in value.split(" "))


def spin(rng: random.Random, text: str) -> str:
    """Resolve ``{a|b|c}`` alternatives, leaving ``{placeholders}`` for str.format."""
    return re.sub(r"\{([^{}]*\|[^{}]*)\}", lambda m: rng.choice(m.group(1).split("|")), text)


def join_words(items: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def abbreviate(name: str) -> str:
    """Three-letter code from a model name: 'Trailblazer' -> 'TRL'."""
    letters = [c for c in slugify(name).upper() if c.isalpha()]
    code = letters[:1] + [c for c in letters[1:] if c not in "AEIOU"]
    return "".join((code + letters)[:3]).ljust(3, "X")


def size_code(size: str) -> str:
    """SKU fragment for a size: '10.5' -> '105', 'Queen' -> 'QN', '4-person' -> '4P'."""
    if size in SIZE_CODES:
        return SIZE_CODES[size]
    return re.sub(r"[^A-Za-z0-9]", "", size.replace("-person", "P")).upper()


# ------------------------------------------------------------------------------------------
# Catalog
# ------------------------------------------------------------------------------------------

def draw_value(rng: random.Random, spec: Any, attrs: dict[str, Any]) -> Any:
    """Draw one attribute value from a list, numeric range or conditional spec."""
    if isinstance(spec, dict):
        attr, want = spec["when"]
        branch = spec["then"] if attrs.get(attr) == want else spec.get("else")
        return None if branch is None else draw_value(rng, branch, attrs)
    if isinstance(spec, tuple):
        lo, hi, step = spec
        value = lo + step * rng.randint(0, round((hi - lo) / step))
        return round(value, 2) if isinstance(step, float) else value
    return rng.choice(spec)


def draw_attrs(rng: random.Random, specs: dict[str, Any]) -> dict[str, Any]:
    """Draw every attribute of a product type, in order, skipping ``None`` values."""
    attrs: dict[str, Any] = {}
    for name, spec in specs.items():
        value = draw_value(rng, spec, attrs)
        if value is not None:
            attrs[name] = value
    return attrs


def text_context(attrs: dict[str, Any], **base: str) -> dict[str, Any]:
    """Placeholders for titles and descriptions: base fields, attributes and derived forms."""
    ctx: dict[str, Any] = dict(base)
    for name, value in attrs.items():
        ctx[name] = value
        if isinstance(value, str):
            ctx[f"{name}_cap"] = value[:1].upper() + value[1:]
            ctx[f"{name}_title"] = title_form(value)
        if name.endswith("_g") and isinstance(value, int):
            ctx[f"{name}_oz"] = round(value / 28.35, 1)
    ctx["gp"] = vocab.GENDER_PREFIX.get(str(attrs.get("gender", "")), "")
    return ctx


def merged_text(category: dict[str, Any], ptype: dict[str, Any]) -> dict[str, Any]:
    """Category phrase banks with the product type's banks layered on top."""
    text: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else list(v))
                            for k, v in category["text"].items()}
    for key, value in ptype.get("text", {}).items():
        if isinstance(value, dict):
            text[key] = {**text.get(key, {}), **value}  # type-specific feature banks win
        else:
            text[key] = list(value) + text.get(key, [])  # type-specific sentences come first
    return text


def feature_sentences(rng: random.Random, feats: dict[str, list[str]],
                      attrs: dict[str, Any]) -> list[str]:
    """One sentence per attribute that has a bank; value-specific banks win over generic ones."""
    out = []
    for name, value in attrs.items():
        bank = feats.get(f"{name}={value_key(value)}") or feats.get(name)
        if bank:
            out.append(rng.choice(bank))
    rng.shuffle(out)
    return out


def write_description(rng: random.Random, text: dict[str, Any], attrs: dict[str, Any],
                      ctx: dict[str, Any], final_sale: bool) -> str:
    """Assemble a 35-220 word description whose claims all follow from ``attrs``."""
    def pick(key: str, n: int = 1) -> list[str]:
        bank = text.get(key) or vocab.SHARED_TEXT.get(key) or []
        return rng.sample(bank, min(n, len(bank)))

    profile = rng.choices(["short", "medium", "long"], weights=[20, 48, 32])[0]
    feats = feature_sentences(rng, text["feat"], attrs)
    extras: list[str] = []
    if profile == "short":
        feats = feats[:rng.randint(2, 4)]
        extras = pick(rng.choice(["bullets", "colors", "use", "who"]))
    elif profile == "medium":
        feats = feats[:rng.randint(3, 6)]
        extras = pick("use")
        for key in rng.sample(["who", "fit", "box", "care", "colors", "warranty", "bullets"], 3):
            extras += pick(key)
    else:
        extras = pick("use", 2) + pick("who") + pick("fit") + pick("box") + pick("care", 2)
        extras += pick("bullets") + pick("colors") + pick("warranty") + pick("closer")
    if not ctx["color_list"]:
        extras = [s for s in extras if "{color_list}" not in s]
    if not ctx["warranty"]:
        extras = [s for s in extras if "{warranty}" not in s]
    body = pick("open") + feats + extras
    if rng.random() < 0.15 and len(body) > 3:
        body.insert(1, body.pop())  # sometimes lead with the use case or a quick fact
    tail = pick("final_sale") if final_sale else []
    sentences = [spin(rng, s).format_map(ctx) for s in body + tail]
    while len(" ".join(sentences).split()) > MAX_WORDS:
        sentences.pop(-2 if tail else -1)
    spare = [spin(rng, s).format_map(ctx) for s in text.get("use", []) + text.get("who", [])
             + vocab.SHARED_TEXT["closer"]]
    spare = [s for s in spare if s not in sentences]
    while len(" ".join(sentences).split()) < MIN_WORDS:
        sentences.insert(len(sentences) - len(tail), spare.pop(0))
    return " ".join(sentences).replace("Co..", "Co.")  # brands like "Wagtail & Co." end a sentence


def draw_variant_axes(rng: random.Random, scheme_name: str, attrs: dict[str, Any],
                      palette: list[str]) -> list[tuple[str, str, float]]:
    """(size, color, price factor) triples: at most six variants per product."""
    scheme = vocab.VARIANTS[scheme_name]
    sizes: list[str] = scheme.get("sizes") or []
    if sizes == "shoe":
        gender = attrs.get("gender", "unisex")
        sizes = {"men": vocab.SHOE_SIZES_MEN, "women": vocab.SHOE_SIZES_WOMEN}.get(
            gender, vocab.SHOE_SIZES_UNISEX)
    factors = scheme.get("factors") or [1.0] * len(sizes)
    chosen: list[int] = [-1]
    if sizes:
        k = min(rng.randint(*scheme["pick"]), len(sizes))
        if scheme.get("window"):
            start = rng.randint(0, len(sizes) - k)
            chosen = list(range(start, start + k))
        else:
            chosen = sorted(rng.sample(range(len(sizes)), k))
    n_colors = min(rng.randint(*scheme["colors"]), max(1, 6 // len(chosen)))
    colors = rng.sample(palette, n_colors) if n_colors else [""]
    return [(sizes[i] if i >= 0 else "", color, factors[i] if i >= 0 else 1.0)
            for i in chosen for color in colors]


def draw_stock(rng: random.Random) -> int:
    """About 8% out of stock, 10% low (1-5), the rest 6-250 skewed toward smaller counts."""
    roll = rng.random()
    if roll < 0.08:
        return 0
    if roll < 0.18:
        return rng.randint(1, 5)
    return 6 + int(244 * rng.random() ** 2.2)


def draw_reviews(rng: random.Random) -> tuple[str, int]:
    """Rating (skewed high, empty without reviews) and a long-tailed review count."""
    if rng.random() < 0.08:
        return "", 0
    count = min(4000, max(1, int(rng.lognormvariate(3.4, 1.35))))
    mean = 4.45 if rng.random() < 0.88 else 3.6  # a few products are genuinely divisive
    rating = min(5.0, max(2.8, rng.gauss(mean, 0.35)))
    return f"{rating:.1f}", count


def make_tags(category: dict[str, Any], ptype: dict[str, Any], attrs: dict[str, Any],
              extra: list[str]) -> list[str]:
    """Sorted, de-duplicated lower-case tags from the category, type, attribute rules and extras."""
    tags = set(category["tags"]) | set(ptype.get("tags", [])) | set(extra)
    tags |= {tag for cond, tag in category["tag_rules"].items() if cond_matches(attrs, cond)}
    return sorted(tags)


class CatalogBuilder:
    """Builds products category by category while keeping titles, slugs and SKUs unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.products: list[Product] = []
        self.titles: set[str] = set()
        self.model_codes: set[tuple[str, str]] = set()

    def model_code(self, brand: str, model: str) -> str:
        """Unique-per-brand SKU fragment for a product line."""
        base = abbreviate(model)
        code, n = base, 1
        while (brand, code) in self.model_codes:
            n += 1
            code = f"{base}{n}"
        self.model_codes.add((brand, code))
        return code

    def add(self, cat_name: str, ptype: dict[str, Any], brand: str, model: str, title: str,
            attrs: dict[str, Any], axes: list[tuple[str, str, int, Decimal]],
            description: str | None, compare_factor: float | None, final_sale: bool) -> None:
        """Register one product; ``axes`` holds (size, color, stock, price) per variant."""
        category = vocab.CATEGORIES[cat_name]
        rng = self.rng
        pid = f"P{10001 + len(self.products)}"
        slug = slugify(title)
        colors = sorted({c for _, c, _, _ in axes if c})
        extra = ["sale"] * (compare_factor is not None) + ["clearance", "final-sale"] * final_sale
        if description is None:
            ctx = text_context(attrs, title=title, brand=brand, model=model, noun=ptype["noun"],
                               noun_l=ptype["noun"].lower(), category_l=cat_name.lower(),
                               color_list=join_words(colors) if len(colors) > 1 else "",
                               warranty=ptype.get("warranty", vocab.WARRANTY[cat_name]))
            description = write_description(rng, merged_text(category, ptype), attrs, ctx, final_sale)
        rating, reviews = draw_reviews(rng)
        product = Product(pid, cat_name, brand, title, slug, attrs,
                          make_tags(category, ptype, attrs, extra), description, rating, reviews)
        code = f"{vocab.BRANDS[brand]}-{self.model_code(brand, model)}"
        for size, color, stock, price in axes:
            parts = [code] + ([size_code(size)] if size else []) + ([vocab.COLOR_CODES[color]] if color else [])
            compare = same_ending(price, float(price) * compare_factor) if compare_factor else None
            if compare is not None and compare <= price:
                compare = price + 5
            product.variants.append(Variant("-".join(parts), size, color, price, compare, stock))
        self.titles.add(title)
        self.products.append(product)

    def add_anchor(self, spec: dict[str, Any]) -> None:
        """Add a hand-written product from ``vocab.ANCHORS``."""
        ptype = next(t for t in vocab.CATEGORIES[spec["category"]]["types"] if t["noun"] == spec["type"])
        base = money(spec["price"])
        axes = []
        for row in spec["variants"]:
            size, color, stock = row[0] or "", row[1] or "", row[2]
            price = money(row[3]) if len(row) > 3 else base
            axes.append((size, color, stock, price))
        factor = float(money(spec["compare_at"]) / base) if "compare_at" in spec else None
        self.add(spec["category"], ptype, spec["brand"], spec["model"], spec["title"],
                 dict(spec["attrs"]), axes, spec["description"], factor, False)

    def add_random(self, cat_name: str, models: list[str]) -> None:
        """Add one generated product to ``cat_name``."""
        rng, category = self.rng, vocab.CATEGORIES[cat_name]
        ptype = rng.choices(category["types"], weights=[t["weight"] for t in category["types"]])[0]
        for _ in range(200):
            attrs = draw_attrs(rng, ptype["attrs"])
            model = rng.choice(ptype.get("models") or models)
            ctx = text_context(attrs, model=model)
            ctx["tw"] = " ".join(w for cond, w in category["title_words"] if cond_matches(attrs, cond))
            title = re.sub(r"\s+", " ", rng.choice(ptype["titles"]).format_map(ctx)).strip()
            if title not in self.titles:
                break
        else:
            raise RuntimeError(f"could not find a unique title in {cat_name}")
        lo, hi = ptype["price"]
        raw = rng.uniform(lo, hi) + sum(v for c, v in ptype.get("price_add", {}).items()
                                        if cond_matches(attrs, c))
        for cond, floor in category.get("price_floor", {}).items():
            if cond_matches(attrs, cond):
                raw = max(raw, floor + rng.uniform(0, 60))
        base = shelf_price(rng, raw)
        upcharge = rng.random() < 0.15
        axes = []
        for size, color, factor in draw_variant_axes(rng, ptype["variants"], attrs, category["colors"]):
            price = same_ending(base, float(base) * factor) if factor != 1.0 else base
            if upcharge and size in {"XXL", "12", "13"}:
                price += 5
            axes.append((size, color, draw_stock(rng), price))
        roll = rng.random()
        final_sale = roll < 0.04
        compare: float | None = None  # ~20% of products show a "was" price; ~4% are final sale
        if roll < 0.2:
            compare = rng.uniform(1.4, 1.8) if final_sale else rng.uniform(1.12, 1.45)
        self.add(cat_name, ptype, rng.choice(category["brands"]), model, title, attrs, axes,
                 None, compare, final_sale)


def build_catalog(rng: random.Random) -> list[Product]:
    """All products, anchors first within each category, ids in generation order."""
    builder = CatalogBuilder(rng)
    for cat_name, category in vocab.CATEGORIES.items():
        anchors = [a for a in vocab.ANCHORS if a["category"] == cat_name]
        for spec in anchors:
            builder.add_anchor(spec)
        taken = {a["model"] for a in anchors}
        models = [m for m in category["models"] if m not in taken]
        for _ in range(category["count"] - len(anchors)):
            builder.add_random(cat_name, models)
    return builder.products


def catalog_rows(products: list[Product]) -> list[list[str]]:
    """Flatten products into CSV rows, one per variant."""
    rows = []
    for p in products:
        for v in p.variants:
            color_slug = slugify(v.color) if v.color else "default"
            rows.append([
                p.product_id, v.sku, p.title, p.brand, p.category, v.size, v.color, f"{v.price:.2f}",
                f"{v.compare_at:.2f}" if v.compare_at is not None else "", "USD", str(v.stock),
                p.rating, str(p.review_count), f"{BASE_URL}/products/{p.slug}?variant={v.sku}",
                f"{BASE_URL}/images/{p.slug}-{color_slug}.jpg", p.description,
                json.dumps(p.attrs, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
                "|".join(p.tags)])
    return rows


# ------------------------------------------------------------------------------------------
# Orders
# ------------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)  # "today" for the demo data
START = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
STATUS_COUNTS = {"processing": 28, "shipped": 36, "delivered": 82, "returned": 30, "cancelled": 28}
WAREHOUSE_HOLIDAYS = {date(2026, 9, 7), date(2026, 11, 26), date(2026, 11, 27)}
CUTOFF_HOUR_ET = 13

# Mirrors policies/shipping.md: (zone, method) -> (rate, transit business days).
SHIPPING = {
    ("contiguous", "standard"): ("6.95", (3, 5)),
    ("contiguous", "expedited"): ("14.95", (2, 2)),
    ("contiguous", "overnight"): ("29.95", (1, 1)),
    ("ak_hi", "standard"): ("12.95", (5, 8)),
    ("ak_hi", "expedited"): ("24.95", (2, 3)),
    ("ak_hi", "overnight"): ("49.95", (1, 2)),
    ("canada", "standard"): ("14.95", (5, 10)),
    ("canada", "expedited"): ("29.95", (3, 5)),
}
FREE_STANDARD_OVER = {"contiguous": Decimal("75.00"), "canada": Decimal("150.00")}
METHOD_WEIGHTS = {"contiguous": {"standard": 66, "expedited": 24, "overnight": 10},
                  "ak_hi": {"standard": 60, "expedited": 30, "overnight": 10},
                  "canada": {"standard": 75, "expedited": 25}}
UPS_SHIPPER = "H8P9R4"  # our (fictional) UPS account, the first six characters after "1Z"
CARRIERS = {("contiguous", "standard"): ["USPS", "UPS"], ("contiguous", "expedited"): ["UPS", "FedEx"],
            ("contiguous", "overnight"): ["FedEx", "UPS"], ("ak_hi", "standard"): ["USPS"],
            ("ak_hi", "expedited"): ["UPS", "FedEx"], ("ak_hi", "overnight"): ["FedEx"],
            ("canada", "standard"): ["Canada Post"], ("canada", "expedited"): ["Canada Post"]}


@dataclass
class Customer:
    """A synthetic shopper with a fixed address zone."""

    name: str
    email: str
    postal_code: str
    country: str
    zone: str
    tax_rate: Decimal


def ascii_lower(text: str) -> str:
    """'Côté' -> 'cote', "O'Brien" -> 'obrien' (for email local parts)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def make_customers(rng: random.Random, count: int) -> list[Customer]:
    """Distinct customers: mostly contiguous US, a few Alaska/Hawaii, about 15% Canada."""
    customers: list[Customer] = []
    locals_seen: set[str] = set()
    while len(customers) < count:
        roll = rng.random()
        zone = "canada" if roll < 0.15 else ("ak_hi" if roll < 0.18 else "contiguous")
        firsts, lasts = (vocab.QUEBEC_NAMES if zone == "canada" and rng.random() < 0.35
                         else rng.choice(vocab.NAME_GROUPS))
        first, last = rng.choice(firsts), rng.choice(lasts)
        f, l_ = ascii_lower(first), ascii_lower(last)
        local = rng.choice([f"{f}.{l_}", f"{f}{l_}{rng.randint(1, 99)}", f"{f[0]}{l_}",
                            f"{f}_{l_[0]}{rng.randint(10, 99)}", f"{l_}.{f}"])
        if local in locals_seen:  # unique local parts keep verification examples unambiguous
            continue
        locals_seen.add(local)
        email = f"{local}@{rng.choices(['example.com', 'example.org', 'example.net'], [6, 2, 2])[0]}"
        if zone == "canada":
            letters = "ABCEGHJKLMNPRSTVWXYZ"
            postal = f"{rng.choice(vocab.CA_FSAS)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"
            customers.append(Customer(f"{first} {last}", email, postal, "CA", zone, Decimal(0)))
        else:
            zip_code, rate = rng.choice(vocab.AK_HI_ZIPS if zone == "ak_hi" else vocab.US_ZIPS)
            customers.append(Customer(f"{first} {last}", email, zip_code, "US", zone, Decimal(rate)))
    return customers


def is_business_day(day: date) -> bool:
    """Warehouse and carrier working day: Monday-Friday, not a warehouse holiday."""
    return day.weekday() < 5 and day not in WAREHOUSE_HOLIDAYS


def add_business_days(day: date, n: int) -> date:
    """The n-th business day after ``day``."""
    while n > 0:
        day += timedelta(days=1)
        n -= is_business_day(day)
    return day


def ship_time(rng: random.Random, placed: datetime, method: str) -> datetime:
    """When the parcel leaves the warehouse, following the 1 p.m. ET cut-off."""
    et_offset = 4 if placed < datetime(2026, 11, 1, 6, tzinfo=UTC) else 5
    local = placed - timedelta(hours=et_offset)
    day = local.date()
    before_cutoff = is_business_day(day) and local.hour < CUTOFF_HOUR_ET
    first = day if before_cutoff else add_business_days(day, 1)
    extra = 0 if method != "standard" else rng.choice([0, 1, 1, 2] if before_cutoff else [0, 0, 1])
    ship_day = add_business_days(first, extra)
    minutes = rng.randint(17 * 60 + 30, 21 * 60 + 30)  # 1:30-5:30 p.m. ET in UTC
    return datetime(ship_day.year, ship_day.month, ship_day.day, tzinfo=UTC) + timedelta(
        minutes=minutes + 60 * (et_offset - 4))


def deliver_time(rng: random.Random, shipped: datetime, zone: str, method: str) -> datetime:
    """Delivery moment within the zone's transit window for the method."""
    lo, hi = SHIPPING[(zone, method)][1]
    day = add_business_days(shipped.date(), rng.randint(lo, hi))
    start = 14 * 60 if method == "overnight" else 15 * 60
    minutes = rng.randint(start, 16 * 60 + 30 if method == "overnight" else 23 * 60 + 30)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)


def tracking_number(rng: random.Random, carrier: str, method: str) -> str:
    """Plausible tracking numbers per carrier."""
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if carrier == "UPS":
        service = {"standard": "03", "expedited": "02", "overnight": "01"}[method]
        return f"1Z{UPS_SHIPPER}{service}{digits(8)}"
    if carrier == "USPS":
        return ("9400" if method == "standard" else "9405") + digits(18)
    if carrier == "FedEx":
        return digits(12)
    return digits(16)


def draw_items(rng: random.Random, variants: list[tuple[str, Decimal, int]],
               in_stock_only: bool) -> list[dict[str, Any]]:
    """1-4 distinct order lines priced at the catalog price."""
    pool = [v for v in variants if v[2] > 0] if in_stock_only else variants
    n = rng.choices([1, 2, 3, 4], weights=[48, 31, 14, 7])[0]
    picked = {v[0]: v for v in rng.sample(pool, n)}
    items = []
    for sku in sorted(picked):
        price = picked[sku][1]
        qty = rng.choice([1, 1, 2, 2, 3]) if price < 30 else (2 if rng.random() < 0.05 else 1)
        items.append({"sku": sku, "qty": qty, "unit_price": f"{price:.2f}"})
    return items


def random_moment(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """Uniform moment between lo and hi, truncated to the minute."""
    span = int((hi - lo).total_seconds() // 60)
    return lo + timedelta(minutes=rng.randint(0, span))


def schedule(rng: random.Random, status: str, zone: str,
             method: str) -> tuple[datetime, datetime | None, datetime | None]:
    """placed/shipped/delivered timestamps consistent with the status as of ``NOW``."""
    windows = {"processing": (NOW - timedelta(hours=70), NOW - timedelta(minutes=5)),
               "shipped": (NOW - timedelta(days=12), NOW - timedelta(hours=6)),
               "delivered": (START, NOW - timedelta(days=3)),
               "returned": (START, NOW - timedelta(days=21)),
               "cancelled": (START, NOW - timedelta(hours=2))}
    for _ in range(500):
        placed = random_moment(rng, *windows[status])
        if status == "cancelled":
            return placed, None, None
        shipped = ship_time(rng, placed, method)
        delivered = deliver_time(rng, shipped, zone, method)
        if status == "processing" and shipped > NOW:
            return placed, None, None
        if status == "shipped" and shipped <= NOW < delivered:
            return placed, shipped, None
        if status == "delivered" and delivered <= NOW:
            return placed, shipped, delivered
        if status == "returned" and delivered <= NOW - timedelta(days=8):
            return placed, shipped, delivered
    raise RuntimeError(f"no schedule for {status}/{zone}/{method}")


def iso(moment: datetime | None) -> str:
    """ISO-8601 UTC with a trailing Z, or empty."""
    return moment.strftime("%Y-%m-%dT%H:%M:00Z") if moment else ""


def build_orders(rng: random.Random, products: list[Product]) -> list[list[str]]:
    """Orders across all statuses, numbered A1001... in order of placement."""
    variants = [(v.sku, v.price, v.stock) for p in products for v in p.variants]
    statuses = [s for s, n in STATUS_COUNTS.items() for _ in range(n)]
    rng.shuffle(statuses)
    slots = [c for c in make_customers(rng, 160) for _ in range(rng.choice([1] * 6 + [2, 2, 3, 4]))]
    rng.shuffle(slots)  # about a third of shoppers order more than once
    assert len(slots) >= len(statuses)
    drafts = []
    for status, customer in zip(statuses, slots[:len(statuses)], strict=True):
        zone = customer.zone
        method = rng.choices(list(METHOD_WEIGHTS[zone]), weights=list(METHOD_WEIGHTS[zone].values()))[0]
        placed, shipped, delivered = schedule(rng, status, zone, method)
        items = draw_items(rng, variants, in_stock_only=status == "processing")
        subtotal = sum((Decimal(i["unit_price"]) * i["qty"] for i in items), Decimal(0))
        rate = Decimal(SHIPPING[(zone, method)][0])
        if method == "standard" and zone in FREE_STANDARD_OVER and subtotal >= FREE_STANDARD_OVER[zone]:
            rate = Decimal("0.00")
        tax = money(subtotal * customer.tax_rate / 100)
        carrier = rng.choice(CARRIERS[(zone, method)]) if shipped else ""
        tracking = tracking_number(rng, carrier, method) if shipped else ""
        drafts.append((placed, [customer.name, customer.email, customer.postal_code, customer.country,
                                status, iso(placed), iso(shipped), iso(delivered), carrier, tracking,
                                method, json.dumps(items, separators=(",", ":"), ensure_ascii=False),
                                f"{subtotal:.2f}", f"{rate:.2f}", f"{tax:.2f}",
                                f"{subtotal + rate + tax:.2f}", "USD"]))
    drafts.sort(key=lambda d: (d[0], d[1][1]))
    return [[f"A{1001 + i}", *row] for i, (_, row) in enumerate(drafts)]


# ------------------------------------------------------------------------------------------
# Checks and output
# ------------------------------------------------------------------------------------------

FORBIDDEN = {("waterproof", False): ["waterproof", "rain-proof"],
             ("noise_cancelling", False): ["noise-cancelling", "noise cancelling", "anc"],
             ("wireless", False): ["wireless", "bluetooth", "cordless"]}


def check_catalog(products: list[Product], rows: list[list[str]]) -> None:
    """Fail loudly if the catalog breaks an invariant the rest of the project relies on."""
    skus = [r[1] for r in rows]
    assert len(skus) == len(set(skus)), "duplicate SKUs"
    assert len(products) >= 820 and len({p.category for p in products}) >= 14
    assert len({p.slug for p in products}) == len(products), "duplicate slugs"
    assert len({p.description for p in products}) == len(products), "duplicate descriptions"
    for p in products:
        words = len(p.description.split())
        assert MIN_WORDS <= words <= MAX_WORDS, (p.product_id, words)
        assert "{" not in p.description and "|" not in p.description, p.product_id
        for (attr, value), banned in FORBIDDEN.items():
            if p.attrs.get(attr) is value:
                text = f"{p.title} {p.description}".lower().replace("not waterproof", "")
                hits = [w for w in banned if re.search(rf"\b{re.escape(w)}\b", text)]
                assert not hits, (p.product_id, attr, hits)


def check_orders(orders: list[list[str]], rows: list[list[str]]) -> None:
    """Orders reference real SKUs at catalog prices and their money adds up."""
    prices = {r[1]: r[7] for r in rows}
    for o in orders:
        items = json.loads(o[12])
        assert 1 <= len(items) <= 4
        assert all(prices[i["sku"]] == i["unit_price"] for i in items), o[0]
        subtotal = sum(Decimal(i["unit_price"]) * i["qty"] for i in items)
        assert f"{subtotal:.2f}" == o[13]
        assert Decimal(o[13]) + Decimal(o[14]) + Decimal(o[15]) == Decimal(o[16]), o[0]
        assert all(not t or "2026-08-01" <= t[:10] <= "2026-11-20" for t in o[6:9]), o[0]
    for status in STATUS_COUNTS:
        assert sum(o[5] == status for o in orders) >= 25, status


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """UTF-8 CSV with LF line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Generate the catalog and orders into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "demo-store",
                        help="output directory (default: data/demo-store next to this script)")
    args = parser.parse_args(argv)
    products = build_catalog(random.Random(SEED))
    rows = catalog_rows(products)
    check_catalog(products, rows)
    orders = build_orders(random.Random(ORDERS_SEED), products)
    check_orders(orders, rows)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "catalog.csv", CATALOG_HEADER, rows)
    write_csv(args.out / "orders.csv", ORDERS_HEADER, orders)
    print(f"wrote {len(products)} products / {len(rows)} variants and {len(orders)} orders to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
