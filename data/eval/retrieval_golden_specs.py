"""Query specs for the Harbor & Pine product-search golden set (``retrieval-demo``).

Pure data, no catalog access: each ``QuerySpec`` is a shopper's query plus the predicates that
decide which products answer it. ``build_retrieval_golden.py`` evaluates them over the grouped
demo catalog, so no judgement is a hand-typed list of product ids.

How a product is graded against a spec:

- every **core** predicate must hold, or the product is irrelevant (not written to the qrels);
- each **secondary** predicate that fails is a *miss*. Variant-level predicates (price, size,
  colour, in stock) are checked on one variant at a time, and the product's misses are those of
  its best variant, so "size 10 in stock under $120" needs one variant that is all three;
- no misses: grade 2 (exact). At most ``max_misses`` misses (default 1): grade 1 (partial or
  substitute: the right kind of product that fails one secondary constraint). More: irrelevant.

Core variant-level predicates (rare) must hold on the same variants the secondary ones are
checked on. ``AnyOf``, ``AllOf`` and ``Not`` combine product-level predicates only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QueryType = Literal["typo", "synonym", "constraint", "vague", "multi", "brand", "navigational"]
QUERY_TYPES: tuple[QueryType, ...] = (
    "typo",
    "synonym",
    "constraint",
    "vague",
    "multi",
    "brand",
    "navigational",
)

# ---------------------------------------------------------------------------------------------
# Product-level predicates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """The product's category is one of ``names``."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Brand:
    """The product's brand is one of ``names``."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class TitleHas:
    """The title contains one of ``phrases`` as whole words, ignoring case."""

    phrases: tuple[str, ...]


@dataclass(frozen=True)
class TagAny:
    """The product carries at least one of ``tags``."""

    tags: tuple[str, ...]


@dataclass(frozen=True)
class AttrIs:
    """Attribute ``key`` equals one of ``values`` (booleans only ever equal booleans)."""

    key: str
    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True)
class AttrBetween:
    """Numeric attribute ``key`` lies in ``[low, high]``; a missing bound is open."""

    key: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class HasAttr:
    """The product has attribute ``key`` at all."""

    key: str


@dataclass(frozen=True)
class AnyOf:
    """At least one of ``preds`` holds."""

    preds: tuple[Predicate, ...]


@dataclass(frozen=True)
class AllOf:
    """Every one of ``preds`` holds."""

    preds: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    """``pred`` does not hold."""

    pred: Predicate


# ---------------------------------------------------------------------------------------------
# Variant-level predicates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceRange:
    """The variant's price satisfies every bound given (lt/le/gt/ge, in USD)."""

    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None


@dataclass(frozen=True)
class SizeIs:
    """The variant's size is one of ``sizes`` (exact catalog strings: ``10``, ``Queen``)."""

    sizes: tuple[str, ...]


@dataclass(frozen=True)
class ColorIs:
    """The variant's colour is one of ``colors`` (exact catalog strings)."""

    colors: tuple[str, ...]


@dataclass(frozen=True)
class InStock:
    """The variant can be bought now (stock above zero, or stock not tracked)."""


Predicate = (
    Category
    | Brand
    | TitleHas
    | TagAny
    | AttrIs
    | AttrBetween
    | HasAttr
    | AnyOf
    | AllOf
    | Not
    | PriceRange
    | SizeIs
    | ColorIs
    | InStock
)
VARIANT_PREDICATES = (PriceRange, SizeIs, ColorIs, InStock)


@dataclass(frozen=True)
class QuerySpec:
    """One query: its text, its type, and the predicates that grade products against it."""

    type: QueryType
    text: str
    core: tuple[Predicate, ...]
    secondary: tuple[Predicate, ...] = ()
    max_misses: int = 1


# Short constructors, so the specs below read like the queries they judge.


def category(*names: str) -> Category:
    """Category is one of ``names``."""
    return Category(names)


def brand(*names: str) -> Brand:
    """Brand is one of ``names``."""
    return Brand(names)


def title(*phrases: str) -> TitleHas:
    """Title contains one of ``phrases``."""
    return TitleHas(phrases)


def tag(*tags: str) -> TagAny:
    """Carries one of ``tags``."""
    return TagAny(tags)


def attr(key: str, *values: str | int | float | bool) -> AttrIs:
    """Attribute ``key`` is one of ``values``."""
    return AttrIs(key, values)


def attr_between(key: str, low: float | None = None, high: float | None = None) -> AttrBetween:
    """Numeric attribute ``key`` in ``[low, high]``."""
    return AttrBetween(key, low, high)


def any_of(*preds: Predicate) -> AnyOf:
    """One of ``preds`` holds."""
    return AnyOf(preds)


def all_of(*preds: Predicate) -> AllOf:
    """All of ``preds`` hold."""
    return AllOf(preds)


def price(
    *,
    lt: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    ge: float | None = None,
) -> PriceRange:
    """The variant's price is within the given bounds."""
    return PriceRange(lt=lt, le=le, gt=gt, ge=ge)


def size(*sizes: str) -> SizeIs:
    """The variant's size is one of ``sizes``."""
    return SizeIs(sizes)


def color(*colors: str) -> ColorIs:
    """The variant's colour is one of ``colors``."""
    return ColorIs(colors)


IN_STOCK = InStock()
BLUE = (
    "Navy",
    "Slate Blue",
    "Ocean Blue",
    "Sky Blue",
    "Enamel Blue",
)  # catalog colours a shopper calls blue
# Unisex products fit either: a "men's" or "women's" query grades them exact.
FOR_MEN = attr("gender", "men", "unisex")
FOR_WOMEN = attr("gender", "women", "unisex")
DOWN_FILL = attr("insulation", "650-fill down", "750-fill down", "800-fill down")

# ---------------------------------------------------------------------------------------------
# The queries, by type. Numbers in queries match the catalog (see data/demo-store/README.md).
# ---------------------------------------------------------------------------------------------

TYPO: tuple[QuerySpec, ...] = (
    QuerySpec(
        "typo",
        "waterprof hikng boots",
        core=(category("Hiking Boots"), attr("waterproof", True)),
        secondary=(tag("boots"),),
    ),
    QuerySpec(
        "typo",
        "noise canceling earbudds",
        core=(category("Headphones & Earbuds"), attr("noise_cancelling", True)),
        secondary=(attr("form_factor", "in-ear"),),
    ),
    QuerySpec("typo", "dutch ovan", core=(title("Dutch Oven"),)),
    QuerySpec(
        "typo", "cast iorn skillet", core=(category("Kitchen"), attr("material", "cast iron"))
    ),
    QuerySpec(
        "typo",
        "sleping bag good to 20 degres",
        core=(tag("sleeping-bags"),),
        secondary=(attr_between("temp_rating_f", high=20),),
    ),
    QuerySpec(
        "typo",
        "blutooth speeker waterprof",
        core=(category("Speakers"), attr("portable", True)),
        secondary=(tag("waterproof"),),
    ),
    QuerySpec("typo", "yoga matt", core=(title("Yoga Mat"),)),
    QuerySpec("typo", "electic tooth brush", core=(title("Electric Toothbrush"),)),
    QuerySpec(
        "typo", "orthapedic dog bed", core=(attr("pet_type", "dog"), attr("orthopedic", True))
    ),
    QuerySpec(
        "typo", "kettlebel 45lb", core=(title("Kettlebell"),), secondary=(size("45 lb"), IN_STOCK)
    ),
    QuerySpec(
        "typo",
        "minral sunscrean spf 30",
        core=(tag("sunscreen"), attr("spf", 30)),
        secondary=(attr("filter", "mineral (zinc oxide)"),),
    ),
    QuerySpec("typo", "wieghted blanket", core=(title("Weighted Blanket"),)),
    QuerySpec(
        "typo",
        "smart thermastat that dosent need a c wire",
        core=(title("Thermostat"),),
        secondary=(attr("c_wire_required", False),),
    ),
    QuerySpec(
        "typo",
        "robot vaccum self emptying",
        core=(title("Robot Vacuum"),),
        secondary=(attr("self_emptying", True),),
    ),
    QuerySpec(
        "typo",
        "rechargable headlamp",
        core=(tag("headlamps"),),
        secondary=(attr("battery", "rechargeable (USB-C)"),),
    ),
    QuerySpec(
        "typo", "mens fleese jacket", core=(category("Outdoor Jackets"), attr("type", "fleece"))
    ),
    QuerySpec(
        "typo", "solar powerd wacth", core=(category("Watches"), attr("movement", "solar quartz"))
    ),
    QuerySpec(
        "typo",
        "portible charger 20000mah",
        core=(tag("power-banks"),),
        secondary=(attr_between("capacity_mah", low=20000),),
    ),
    QuerySpec("typo", "kids rain jaket", core=(category("Kids Clothing"), tag("rain-gear"))),
    QuerySpec("typo", "lether strap watch", core=(category("Watches"), attr("strap", "leather"))),
    QuerySpec("typo", "cat scrathing post tree", core=(attr("sisal_posts", True),)),
    QuerySpec(
        "typo",
        "lavendar soy candel",
        core=(tag("candles"),),
        secondary=(attr("scent", "Lavender Fields"),),
    ),
    QuerySpec(
        "typo",
        "bambo sheets twin",
        core=(tag("sheets"), attr("material", "bamboo viscose")),
        secondary=(size("Twin"), IN_STOCK),
    ),
    QuerySpec(
        "typo",
        "1000 peice jigsaw puzzel",
        core=(tag("puzzles"),),
        secondary=(attr_between("pieces", low=1000),),
    ),
    QuerySpec(
        "typo",
        "goose neck electrik kettle",
        core=(title("Kettle"), attr("electric", True)),
        secondary=(title("Gooseneck"),),
    ),
)

SYNONYM: tuple[QuerySpec, ...] = (
    QuerySpec(
        "synonym",
        "rain coat",
        core=(category("Outdoor Jackets"), attr("waterproof", True)),
        secondary=(attr("type", "rain"),),
    ),
    QuerySpec(
        "synonym",
        "sneakers for jogging",
        core=(category("Running Shoes"),),
        secondary=(attr("surface", "road"), Not(tag("racing"))),
    ),
    QuerySpec(
        "synonym",
        "earphones that block noise",
        core=(category("Headphones & Earbuds"), attr("noise_cancelling", True)),
        secondary=(attr("form_factor", "in-ear"),),
    ),
    QuerySpec(
        "synonym",
        "duvet",
        core=(tag("comforters", "duvet-covers"),),
        secondary=(tag("comforters"),),
    ),
    QuerySpec(
        "synonym",
        "throw for the couch",
        core=(tag("blankets"),),
        secondary=(category("Home Decor"),),
    ),
    QuerySpec(
        "synonym", "tea kettle that plugs in", core=(title("Kettle"), attr("electric", True))
    ),
    QuerySpec(
        "synonym",
        "non-stick pan for an induction hob",
        core=(title("Frying Pan", "Fry Pan"), attr("induction_compatible", True)),
        secondary=(title("Nonstick"),),
    ),
    QuerySpec(
        "synonym",
        "speaker I can use in the shower",
        core=(category("Speakers"), attr("suction_cup", True)),
    ),
    QuerySpec("synonym", "phone charger plug", core=(tag("chargers"),)),
    QuerySpec("synonym", "thing to hold my phone in the car", core=(tag("car"),)),
    QuerySpec("synonym", "lead for my dog", core=(tag("leashes"),)),
    QuerySpec(
        "synonym",
        "puffy coat",
        core=(category("Outdoor Jackets"), attr("type", "insulated")),
        secondary=(tag("puffer"),),
    ),
    QuerySpec("synonym", "blow dryer", core=(title("Hair Dryer"),)),
    QuerySpec(
        "synonym",
        "beard clippers",
        core=(category("Beauty & Personal Care"), title("Trimmer")),
        secondary=(title("Beard Trimmer"),),
    ),
    QuerySpec("synonym", "wristwatch for scuba diving", core=(tag("dive"),)),
    QuerySpec(
        "synonym",
        "fitbit style band that tracks my sleep",
        core=(tag("wearables"),),
        secondary=(attr("sleep_tracking", True),),
    ),
    QuerySpec("synonym", "dressing gown", core=(title("Bathrobe"),)),
    QuerySpec("synonym", "cushion covers for the sofa", core=(title("Pillow Cover"),)),
    QuerySpec("synonym", "torch for camping", core=(category("Tents & Camping"), tag("lighting"))),
    QuerySpec(
        "synonym", "thermos flask for the gym", core=(category("Fitness"), attr("insulated", True))
    ),
    QuerySpec("synonym", "chopping board", core=(title("Cutting Board"),)),
    QuerySpec(
        "synonym",
        "ANC over-ear cans",
        core=(category("Headphones & Earbuds"), attr("form_factor", "over-ear")),
        secondary=(attr("noise_cancelling", True),),
    ),
    QuerySpec("synonym", "camping mattress", core=(tag("sleeping-pads"),)),
    QuerySpec("synonym", "speaker for the telly", core=(tag("home-theater"),)),
    QuerySpec(
        "synonym", "rucksack for multi-day treks", core=(category("Backpacks"), tag("backpacking"))
    ),
)

CONSTRAINT: tuple[QuerySpec, ...] = (
    QuerySpec(
        "constraint",
        "hiking boots under $120",
        core=(category("Hiking Boots"),),
        secondary=(tag("boots"), price(lt=120)),
    ),
    QuerySpec(
        "constraint",
        "noise cancelling earbuds under 100",
        core=(
            category("Headphones & Earbuds"),
            attr("noise_cancelling", True),
            attr("form_factor", "in-ear"),
        ),
        secondary=(price(lt=100),),
    ),
    QuerySpec(
        "constraint",
        "running shoes for less than a hundred dollars",
        core=(category("Running Shoes"),),
        secondary=(price(lt=100), Not(tag("walking"))),
    ),
    QuerySpec(
        "constraint",
        "portable bluetooth speaker between 50 and 90 dollars",
        core=(category("Speakers"), attr("portable", True)),
        secondary=(price(ge=50, le=90),),
    ),
    QuerySpec(
        "constraint", "watches over $400", core=(category("Watches"),), secondary=(price(gt=400),)
    ),
    QuerySpec(
        "constraint",
        "rain jacket in XS that's actually in stock",
        core=(category("Outdoor Jackets"), attr("type", "rain")),
        secondary=(size("XS"), IN_STOCK),
    ),
    QuerySpec(
        "constraint",
        "queen sheet set under $100",
        core=(tag("sheets"),),
        secondary=(size("Queen"), price(lt=100)),
    ),
    QuerySpec(
        "constraint",
        "dog bed for a large dog, in stock",
        core=(attr("pet_type", "dog"), tag("beds")),
        secondary=(size("L", "XL"), IN_STOCK),
    ),
    QuerySpec("constraint", "blue yoga mat", core=(title("Yoga Mat"),), secondary=(color(*BLUE),)),
    QuerySpec(
        "constraint",
        "12 inch cast iron skillet under $60",
        core=(category("Kitchen"), attr("material", "cast iron")),
        secondary=(size("12 in"), price(lt=60)),
    ),
    QuerySpec(
        "constraint",
        "electric kettle in red",
        core=(title("Kettle"), attr("electric", True)),
        secondary=(color("Red", "Enamel Red"),),
    ),
    QuerySpec(
        "constraint",
        "6 person tent under $300",
        core=(tag("family-camping"),),
        secondary=(size("6-person"), price(lt=300)),
    ),
    QuerySpec(
        "constraint",
        "headphones under 50 bucks",
        core=(category("Headphones & Earbuds"),),
        secondary=(price(lt=50),),
    ),
    QuerySpec(
        "constraint",
        "sleeping bag rated 15 degrees or colder",
        core=(tag("sleeping-bags"),),
        secondary=(attr_between("temp_rating_f", high=15),),
    ),
    QuerySpec(
        "constraint",
        "power bank 20000mAh or more for under $40",
        core=(tag("power-banks"),),
        secondary=(attr_between("capacity_mah", low=20000), price(lt=40)),
    ),
    QuerySpec(
        "constraint",
        "kids hoodie size 12",
        core=(category("Kids Clothing"), title("Hoodie")),
        secondary=(size("12"), IN_STOCK),
    ),
    QuerySpec(
        "constraint",
        "running shoes on sale",
        core=(category("Running Shoes"),),
        secondary=(tag("sale"), Not(tag("walking"))),
    ),
    QuerySpec(
        "constraint", "smart plug under $25", core=(title("Smart Plug"),), secondary=(price(lt=25),)
    ),
    QuerySpec(
        "constraint",
        "framed art print 11x14",
        core=(tag("wall-art"),),
        secondary=(size("11 x 14 in"), IN_STOCK),
    ),
    QuerySpec(
        "constraint",
        "20 lb dumbbell",
        core=(title("Dumbbell"),),
        secondary=(size("20 lb"), IN_STOCK),
    ),
    QuerySpec(
        "constraint",
        "8x10 rug under $400",
        core=(tag("rugs"),),
        secondary=(size("8 x 10 ft"), price(lt=400)),
    ),
    QuerySpec(
        "constraint",
        "mens jacket XXL in stock",
        core=(category("Outdoor Jackets"), FOR_MEN),
        secondary=(size("XXL"), IN_STOCK),
    ),
    QuerySpec(
        "constraint",
        "robot vacuum under $250",
        core=(title("Robot Vacuum"),),
        secondary=(price(lt=250),),
    ),
    QuerySpec("constraint", "daypack under $60", core=(tag("daypack"),), secondary=(price(lt=60),)),
    QuerySpec(
        "constraint",
        "board game for 2 players under $30",
        core=(tag("games"),),
        secondary=(attr("players", "2-4", "2-6"), price(lt=30)),
    ),
    QuerySpec(
        "constraint",
        "over-ear headphones over $300",
        core=(category("Headphones & Earbuds"), attr("form_factor", "over-ear")),
        secondary=(price(gt=300),),
    ),
)

VAGUE: tuple[QuerySpec, ...] = (
    QuerySpec(
        "vague",
        "gift for a 10-year-old who loves space",
        core=(category("Toys & Games"), attr("theme", "space")),
        secondary=(attr("age_range", "8-12", "10+"),),
    ),
    QuerySpec(
        "vague",
        "something to keep my coffee hot on a hike",
        core=(attr("insulated", True), HasAttr("hot_hours")),
    ),
    QuerySpec(
        "vague",
        "my old dog is stiff and sore when he gets up",
        core=(attr("pet_type", "dog"), attr("orthopedic", True)),
    ),
    QuerySpec(
        "vague",
        "I'm always freezing at night in my tent",
        core=(tag("sleeping-bags", "sleeping-pads"),),
        secondary=(any_of(attr_between("temp_rating_f", high=20), attr_between("r_value", low=4)),),
    ),
    QuerySpec(
        "vague",
        "my phone is always dead by lunchtime",
        core=(tag("power-banks", "chargers"),),
        secondary=(tag("power-banks"),),
    ),
    QuerySpec(
        "vague",
        "want to keep an eye on my front porch",
        core=(tag("doorbells", "cameras"),),
        secondary=(attr("outdoor_rated", True),),
    ),
    QuerySpec(
        "vague",
        "new puppy chews everything in the house",
        core=(attr("pet_type", "dog"), tag("toys")),
    ),
    QuerySpec(
        "vague",
        "my feet get soaked on muddy trail runs",
        core=(
            any_of(
                all_of(category("Running Shoes"), attr("surface", "trail")),
                all_of(
                    category("Hiking Boots"), attr("ankle_height", "low"), attr("waterproof", True)
                ),
            ),
        ),
        secondary=(attr("waterproof", True), category("Running Shoes")),
    ),
    QuerySpec("vague", "want to start lifting weights at home", core=(tag("home-gym"),)),
    QuerySpec(
        "vague",
        "gift for someone who can't function before their morning coffee",
        core=(category("Kitchen"), tag("coffee")),
        secondary=(title("Coffee Maker"),),
    ),
    QuerySpec("vague", "my cat keeps scratching the sofa", core=(attr("sisal_posts", True),)),
    QuerySpec(
        "vague",
        "I always forget to switch the lights off when I leave",
        core=(category("Smart Home"), any_of(tag("lighting"), title("Smart Plug"))),
        secondary=(tag("lighting"),),
    ),
    QuerySpec(
        "vague",
        "camping trip with the whole family, there are 5 of us",
        core=(tag("tents"),),
        secondary=(size("6-person", "8-person"), IN_STOCK),
    ),
    QuerySpec(
        "vague",
        "earbuds that won't fall out when I'm working out",
        core=(
            category("Headphones & Earbuds"),
            attr("form_factor", "in-ear"),
            tag("sweat-resistant"),
        ),
        secondary=(tag("sport"),),
    ),
    QuerySpec(
        "vague",
        "want to cook dinner at the campsite",
        core=(category("Tents & Camping"), tag("cooking")),
    ),
    QuerySpec("vague", "my muscles are so sore after leg day", core=(tag("recovery"),)),
    QuerySpec(
        "vague",
        "headphones for a toddler that won't damage their hearing",
        core=(HasAttr("volume_limit_db"),),
    ),
    QuerySpec(
        "vague",
        "my curly hair is always frizzy",
        core=(HasAttr("hair_type"),),
        secondary=(attr("hair_type", "curly"),),
    ),
    QuerySpec(
        "vague",
        "my skin reacts to everything, need something gentle to moisturize",
        core=(category("Beauty & Personal Care"), tag("skincare")),
        secondary=(attr("skin_type", "sensitive"), title("Moisturizer")),
    ),
    QuerySpec(
        "vague",
        "something warm for my kid to play in the snow",
        core=(category("Kids Clothing"), tag("winter")),
        secondary=(tag("snow"),),
    ),
    QuerySpec(
        "vague",
        "just moved into my first apartment and have no decent knives",
        core=(tag("knives"),),
        secondary=(title("Knife Block Set"),),
    ),
    QuerySpec(
        "vague",
        "see who's at the door while I'm at work",
        core=(tag("doorbells", "cameras"),),
        secondary=(tag("doorbells"),),
    ),
    QuerySpec(
        "vague",
        "game night with teenagers",
        core=(
            category("Toys & Games"),
            tag("games"),
            attr("age_range", "8-12", "10+", "12+", "14+"),
        ),
        secondary=(attr("age_range", "10+", "12+", "14+"),),
    ),
    QuerySpec("vague", "room smells musty, want it to smell cozy", core=(tag("candles"),)),
    QuerySpec(
        "vague",
        "my daughter is turning 9 and she's obsessed with dinosaurs, any ideas?",
        core=(any_of(attr("theme", "dinosaurs"), attr("print", "dinosaur", "dinosaurs")),),
        secondary=(attr("age_range", "6-9", "8-12"),),
    ),
)

MULTI: tuple[QuerySpec, ...] = (
    QuerySpec(
        "multi",
        "waterproof hiking boots under $120 in size 10",
        core=(category("Hiking Boots"),),
        secondary=(attr("waterproof", True), price(lt=120), size("10"), IN_STOCK),
    ),
    QuerySpec(
        "multi",
        "noise cancelling wireless earbuds under 100",
        core=(
            category("Headphones & Earbuds"),
            attr("form_factor", "in-ear"),
            attr("wireless", True),
        ),
        secondary=(attr("noise_cancelling", True), price(lt=100)),
    ),
    QuerySpec(
        "multi",
        "women's trail running shoes size 8",
        core=(category("Running Shoes"), attr("surface", "trail")),
        secondary=(FOR_WOMEN, size("8"), IN_STOCK),
    ),
    QuerySpec(
        "multi",
        "men's hooded rain shell size L under $200",
        core=(category("Outdoor Jackets"), attr("type", "rain")),
        secondary=(FOR_MEN, size("L"), IN_STOCK, price(lt=200)),
    ),
    QuerySpec(
        "multi",
        "queen linen sheet set in stock",
        core=(tag("sheets"),),
        secondary=(attr("material", "linen"), size("Queen"), IN_STOCK),
    ),
    QuerySpec(
        "multi",
        "2 person backpacking tent under $250",
        core=(tag("tents"), tag("backpacking")),
        secondary=(attr("capacity_persons", 2), price(lt=250)),
    ),
    QuerySpec(
        "multi",
        "waterproof portable speaker with at least 20 hours battery",
        core=(category("Speakers"), attr("portable", True)),
        secondary=(tag("waterproof"), attr_between("battery_hours", low=20)),
    ),
    QuerySpec(
        "multi",
        "kids waterproof rain jacket with hood size 4T",
        core=(category("Kids Clothing"), tag("rain-gear")),
        secondary=(size("4T"), IN_STOCK),
    ),
    QuerySpec(
        "multi",
        "vegan sulfate free shampoo for color treated hair",
        core=(title("Shampoo"),),
        secondary=(attr("vegan", True), attr("hair_type", "color-treated")),
    ),
    QuerySpec(
        "multi",
        "automatic dive watch under $500",
        core=(tag("dive"),),
        secondary=(attr("movement", "automatic"), price(lt=500)),
    ),
    QuerySpec(
        "multi",
        "1000 watt blender under $120",
        core=(title("Blender"),),
        secondary=(attr_between("wattage", low=1000), price(lt=120)),
    ),
    QuerySpec(
        "multi",
        "5.5 quart enameled dutch oven under $160",
        core=(title("Dutch Oven"),),
        secondary=(attr("capacity_qt", 5.5), price(lt=160)),
    ),
    QuerySpec(
        "multi",
        "reflective hands free dog leash",
        core=(tag("leashes"),),
        secondary=(title("Hands-Free"), attr("reflective", True)),
    ),
    QuerySpec(
        "multi",
        "smart lock with fingerprint and keypad",
        core=(tag("locks"),),
        secondary=(attr("fingerprint", True), attr("keypad", True)),
    ),
    QuerySpec(
        "multi",
        "women's packable down jacket with a hood",
        core=(category("Outdoor Jackets"), attr("type", "insulated")),
        secondary=(DOWN_FILL, FOR_WOMEN, attr("packable", True), attr("hood", True)),
    ),
    QuerySpec(
        "multi",
        "organic cotton pajamas for my daughter, size 12",
        core=(category("Kids Clothing"), tag("sleepwear")),
        secondary=(attr("gender", "girls", "kids"), size("12"), IN_STOCK),
    ),
    QuerySpec(
        "multi",
        "titanium watch with sapphire crystal under $150",
        core=(category("Watches"), attr("case_material", "titanium")),
        secondary=(attr("crystal", "sapphire"), price(lt=150)),
    ),
    QuerySpec(
        "multi",
        "hydration pack with a 3 liter bladder under $60",
        core=(HasAttr("reservoir_l"),),
        secondary=(attr("reservoir_l", 3), price(lt=60)),
    ),
    QuerySpec(
        "multi",
        "water resistant laptop backpack for a 16 inch laptop",
        core=(category("Backpacks"), HasAttr("laptop_sleeve_in")),
        secondary=(attr_between("laptop_sleeve_in", low=16), attr("water_resistant", True)),
    ),
    QuerySpec(
        "multi",
        "noise cancelling over-ear headphones with multipoint under $200",
        core=(category("Headphones & Earbuds"), attr("form_factor", "over-ear")),
        secondary=(attr("noise_cancelling", True), attr("multipoint", True), price(lt=200)),
    ),
    QuerySpec(
        "multi",
        "self-emptying robot vacuum that also mops",
        core=(title("Robot Vacuum"),),
        secondary=(title("Mop"), attr("self_emptying", True)),
    ),
    QuerySpec(
        "multi",
        "2K video doorbell with local storage, no subscription",
        core=(tag("doorbells"),),
        secondary=(attr("resolution", "2K"), attr("local_storage", True)),
    ),
    QuerySpec(
        "multi",
        "pink insulated water bottle that can go in the dishwasher",
        core=(category("Fitness"), attr("insulated", True)),
        secondary=(color("Blush", "Pink"), attr("dishwasher_safe", True)),
    ),
    QuerySpec(
        "multi",
        "4 pack thread smart plugs, no hub",
        core=(title("Smart Plug"),),
        secondary=(attr("connectivity", "Thread"), attr("pack_count", 4)),
    ),
    QuerySpec(
        "multi",
        "hi! looking for a waterproof jacket for my husband, he wears an XL and "
        "I'd rather not spend more than $200",
        core=(category("Outdoor Jackets"), attr("waterproof", True)),
        secondary=(FOR_MEN, size("XL"), IN_STOCK, price(le=200)),
    ),
)

BRAND: tuple[QuerySpec, ...] = (
    QuerySpec(
        "brand",
        "timber hawk boots",
        core=(brand("Timberhawk"), category("Hiking Boots")),
        secondary=(tag("boots"),),
    ),
    QuerySpec(
        "brand",
        "sonara earbuds",
        core=(brand("Sonara"), category("Headphones & Earbuds")),
        secondary=(attr("form_factor", "in-ear"),),
    ),
    QuerySpec(
        "brand",
        "tidewave bluetooth speaker",
        core=(brand("Tidewave Audio"), category("Speakers")),
        secondary=(attr("portable", True),),
    ),
    QuerySpec("brand", "cairnstone backpack", core=(brand("Cairnstone"), category("Backpacks"))),
    QuerySpec("brand", "meridian time", core=(brand("Meridian Time"),)),
    QuerySpec("brand", "keelson diver", core=(tag("dive"),), secondary=(brand("Keelson"),)),
    QuerySpec(
        "brand",
        "copper kettle co dutch oven",
        core=(title("Dutch Oven"),),
        secondary=(brand("Copper Kettle Co."),),
    ),
    QuerySpec("brand", "ironvale", core=(brand("Ironvale"),)),
    QuerySpec(
        "brand", "lumora smart bulbs", core=(title("Smart Bulb"),), secondary=(brand("Lumora"),)
    ),
    QuerySpec("brand", "wagtail dog collar", core=(brand("Wagtail & Co."), tag("collars"))),
    QuerySpec("brand", "fetchwel dog bed", core=(brand("Fetchwell"), tag("beds"))),
    QuerySpec("brand", "flowstate yoga mat", core=(brand("Flowstate"), title("Yoga Mat"))),
    QuerySpec(
        "brand", "meadow glow serum", core=(title("Serum"),), secondary=(brand("Meadowglow"),)
    ),
    QuerySpec(
        "brand",
        "clearwater botanicals sunscreen",
        core=(tag("sunscreen"),),
        secondary=(brand("Clearwater Botanics"),),
    ),
    QuerySpec("brand", "northbound gear tent", core=(brand("Northbound Gear"), tag("tents"))),
    QuerySpec("brand", "saltmarsh sheets", core=(brand("Saltmarsh Linen"), tag("sheets"))),
    QuerySpec("brand", "cloudfold robe", core=(brand("Cloudfold"), title("Bathrobe"))),
    QuerySpec("brand", "hearthsense thermostat", core=(brand("Hearthsense"), title("Thermostat"))),
    QuerySpec("brand", "voltry power bank", core=(brand("Voltry"), tag("power-banks"))),
    QuerySpec(
        "brand",
        "gridlink magsafe case",
        core=(tag("cases"),),
        secondary=(brand("Gridlink"), attr("magnetic", True)),
    ),
    QuerySpec("brand", "little tern", core=(brand("Little Tern"),)),
    QuerySpec(
        "brand",
        "orbit & oak space toys",
        core=(category("Toys & Games"), attr("theme", "space")),
        secondary=(brand("Orbit & Oak"),),
    ),
    QuerySpec(
        "brand",
        "stridewell women's running shoes",
        core=(brand("Stridewell"),),
        secondary=(FOR_WOMEN,),
    ),
    QuerySpec("brand", "emberlin sleeping bag", core=(brand("Emberline"), tag("sleeping-bags"))),
)

NAVIGATIONAL: tuple[QuerySpec, ...] = (
    QuerySpec("navigational", "trailblazer mid", core=(title("Trailblazer Mid"),)),
    QuerySpec(
        "navigational",
        "quietline max",
        core=(title("Quietline"),),
        secondary=(title("Quietline Max"),),
    ),
    QuerySpec(
        "navigational",
        "the regular quietline earbuds, not the max",
        core=(title("Quietline"),),
        secondary=(Not(title("Quietline Max")),),
    ),
    QuerySpec(
        "navigational",
        "stargazer 70mm telescope",
        core=(title("Stargazer"), category("Toys & Games")),
    ),
    QuerySpec(
        "navigational",
        "basecamp 2 tent",
        core=(tag("tents"), attr("capacity_persons", 2)),
        secondary=(title("Basecamp 2"),),
    ),
    QuerySpec(
        "navigational",
        "basecamp 30 degree down bag",
        core=(tag("sleeping-bags"), attr("temp_rating_f", 30)),
        secondary=(title("Basecamp"),),
    ),
    QuerySpec("navigational", "apollo model rocket", core=(title("Apollo"),)),
    QuerySpec("navigational", "nebula planetarium projector", core=(title("Planetarium"),)),
    QuerySpec("navigational", "drift pro", core=(title("Drift Pro"),)),
    QuerySpec(
        "navigational",
        "aurial's flagship earbuds with the lossless codec",
        core=(brand("Aurial"), attr("form_factor", "in-ear"), attr("noise_cancelling", True)),
        secondary=(title("Encore Pro"),),
    ),
    QuerySpec("navigational", "ridgeline low waterproof", core=(title("Ridgeline Low"),)),
    QuerySpec("navigational", "cascade mid hiking boot womens", core=(title("Cascade Mid"),)),
    QuerySpec("navigational", "hush mini earbuds", core=(title("Hush Mini"),)),
    QuerySpec(
        "navigational",
        "tidepool soundbar",
        core=(tag("home-theater"),),
        secondary=(title("Tidepool"),),
    ),
    QuerySpec("navigational", "little astronaut rocket plush", core=(title("Little Astronaut"),)),
    QuerySpec("navigational", "solar system jigsaw", core=(title("Solar System"),)),
    QuerySpec("navigational", "switchfoot mid", core=(title("Switchfoot"),)),
    QuerySpec(
        "navigational",
        "anchor 200m diver",
        core=(tag("dive"),),
        secondary=(title("Anchor 200M Diver"),),
    ),
    QuerySpec(
        "navigational",
        "harbor hum headphones",
        core=(title("Harbor Hum"),),
        secondary=(attr("form_factor", "over-ear"),),
    ),
    QuerySpec(
        "navigational",
        "lotus adjustable dumbbell",
        core=(title("Adjustable Dumbbell"),),
        secondary=(title("Lotus"),),
    ),
    QuerySpec(
        "navigational",
        "fieldstone stand mixer",
        core=(title("Stand Mixer"),),
        secondary=(title("Fieldstone"),),
    ),
    QuerySpec(
        "navigational",
        "catnap cat tree",
        core=(attr("sisal_posts", True),),
        secondary=(title("Catnap"),),
    ),
    QuerySpec(
        "navigational", "good boy chicken and sweet potato biscuits", core=(title("Biscuits"),)
    ),
    QuerySpec(
        "navigational",
        "hollow creek 65",
        core=(category("Backpacks"), attr("capacity_l", 65)),
        secondary=(title("Hollow Creek"),),
    ),
)

SPECS: tuple[QuerySpec, ...] = TYPO + SYNONYM + CONSTRAINT + VAGUE + MULTI + BRAND + NAVIGATIONAL
