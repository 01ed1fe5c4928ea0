"""Retail false positives: what looks like a name, a place or a number but is merchandise.

The small spaCy model tags Title Case product names ("Trailblazer Mid", "Atlas Yoga Mat")
and lower-case shopper queries ("oliver parsons") as people. A finding is dropped when

- it is a SKU or an order id ("CS-TRL-10-BRN", "A1043", "ORD-20417");
- it is a name or place made only of the store's own words (titles, brands) passed in by the
  caller, plus numbers;
- it is a "person" containing a product word ("Robot Vacuum", "Yoga Mat"): people's names do
  not contain "mat" or "vacuum"; or made only of chat words ("Email", "Hi").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SKU = re.compile(r"[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,8}){1,6}")
_ORDER_ID = re.compile(r"(?:[A-Z]{1,4}-?)?[A-Z]{1,3}-?\d{3,10}|#?\d{3,8}-[A-Z]{1,4}")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Types a store's words can be mistaken for; a card or an email is never merchandise.
_NAME_LIKE = frozenset({"PERSON", "STREET_ADDRESS", "LOCATION"})

#: Common product and attribute words of general merchandise (not names of anyone).
PRODUCT_WORDS = frozenset(
    [
        "adapter",
        "armchair",
        "backpack",
        "bag",
        "balm",
        "bar",
        "basket",
        "bath",
        "bed",
        "bedding",
        "bench",
        "bike",
        "bin",
        "blanket",
        "blender",
        "boot",
        "boots",
        "bottle",
        "bowl",
        "box",
        "bra",
        "bracelet",
        "brush",
        "bucket",
        "bulb",
        "cabinet",
        "cable",
        "camera",
        "candle",
        "cap",
        "case",
        "chair",
        "chairs",
        "charger",
        "clock",
        "coat",
        "console",
        "cooker",
        "cot",
        "couch",
        "cover",
        "crib",
        "cup",
        "curtain",
        "cushion",
        "deadbolt",
        "desk",
        "diffuser",
        "dish",
        "dresser",
        "drill",
        "dryer",
        "dumbbell",
        "duvet",
        "earbuds",
        "earrings",
        "fan",
        "faucet",
        "fence",
        "filter",
        "fork",
        "frame",
        "fryer",
        "furniture",
        "glove",
        "gloves",
        "grill",
        "hammock",
        "hanger",
        "hat",
        "headphones",
        "heater",
        "helmet",
        "hoodie",
        "hose",
        "jacket",
        "jar",
        "jeans",
        "kettle",
        "kettlebell",
        "keyboard",
        "kit",
        "knife",
        "ladder",
        "lamp",
        "lantern",
        "leash",
        "light",
        "lights",
        "lock",
        "loveseat",
        "mat",
        "mattress",
        "microwave",
        "mirror",
        "monitor",
        "mop",
        "mouse",
        "mug",
        "necklace",
        "ottoman",
        "oven",
        "pack",
        "pad",
        "pan",
        "pants",
        "pillow",
        "planter",
        "plate",
        "plug",
        "pot",
        "print",
        "purse",
        "rack",
        "recliner",
        "rope",
        "rug",
        "sandals",
        "scarf",
        "sconce",
        "serum",
        "set",
        "shampoo",
        "sheet",
        "sheets",
        "shelf",
        "shirt",
        "shoe",
        "shoes",
        "shorts",
        "sink",
        "skillet",
        "sneaker",
        "sneakers",
        "sock",
        "socks",
        "sofa",
        "speaker",
        "spoon",
        "stand",
        "stool",
        "stove",
        "stroller",
        "suitcase",
        "sunglasses",
        "sweater",
        "table",
        "tablet",
        "tee",
        "tent",
        "thermostat",
        "throw",
        "toaster",
        "towel",
        "toy",
        "tray",
        "tripod",
        "umbrella",
        "vacuum",
        "vase",
        "vest",
        "wallet",
        "watch",
        "wrench",
        "yoga",
        "adjustable",
        "cordless",
        "ergonomic",
        "foldable",
        "insulated",
        "leather",
        "non-slip",
        "outdoor",
        "portable",
        "rechargeable",
        "smart",
        "stainless",
        "waterproof",
        "weighted",
        "wireless",
    ]
)

#: Words of a shop chat the small model sometimes reads as a name ("Email me at …").
CHAT_WORDS = frozenset(
    [
        "account",
        "address",
        "call",
        "card",
        "cart",
        "checkout",
        "delivery",
        "email",
        "e-mail",
        "hello",
        "hey",
        "hi",
        "order",
        "package",
        "parcel",
        "phone",
        "please",
        "refund",
        "return",
        "shipping",
        "thanks",
        "text",
    ]
)


class RetailFilter:
    """Decides whether a finding is merchandise rather than personal data."""

    def __init__(self, allow_terms: Iterable[str] = ()) -> None:
        self._allowed_words = frozenset(
            word.lower() for term in allow_terms for word in _WORD.findall(term)
        )
        self._allowed_phrases = frozenset(t.strip().lower() for t in allow_terms if t.strip())

    def is_benign(self, entity_type: str, text: str) -> bool:
        """True when ``text``, found as ``entity_type``, is a SKU, an order id or a product."""
        value = text.strip()
        if _SKU.fullmatch(value) and any(c.isalpha() for c in value):
            return True
        if _ORDER_ID.fullmatch(value):
            return True
        if entity_type not in _NAME_LIKE:
            return False
        if value.lower() in self._allowed_phrases:
            return True
        words = [w.lower() for w in _WORD.findall(value)]
        if not words:
            return False
        if all(w in self._allowed_words for w in words):
            return True
        if entity_type != "PERSON":
            return False
        return any(w in PRODUCT_WORDS for w in words) or all(w in CHAT_WORDS for w in words)
