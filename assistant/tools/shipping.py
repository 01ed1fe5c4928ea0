"""Shipping quotes from the store's structured rate table (``store.yaml``), never from prose.

A destination is resolved from free text (country or state names, ISO codes, US ZIP codes,
Canadian postal codes, APO/FPO/DPO) to a country and, in the US, a state or territory; then to
the config's zone, whose rate row gives each method's price, free-shipping threshold and days.
US territories and military addresses ship only where a zone lists them. Unserved or unknown
places get an answer that says where the store ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from ingest.store_config import Rate, ShippingConfig, ShippingZone

Status = Literal["quoted", "no_destination", "unknown_destination", "not_served", "no_rates"]

_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "Washington, D.C.",
}  # fmt: skip
_TERRITORIES = {"PR": "Puerto Rico", "GU": "Guam", "VI": "the US Virgin Islands"}
_COUNTRIES = {
    "US": "the United States", "CA": "Canada", "GB": "the United Kingdom", "AU": "Australia",
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "the Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden", "MX": "Mexico", "JP": "Japan", "CN": "China", "IN": "India",
    "BR": "Brazil", "NZ": "New Zealand", "CH": "Switzerland", "NO": "Norway", "IS": "Iceland",
    "ZA": "South Africa", "SG": "Singapore", "KR": "South Korea", "IL": "Israel",
    "AE": "the United Arab Emirates", "AR": "Argentina", "CL": "Chile", "CO": "Colombia",
    "PH": "the Philippines", "HK": "Hong Kong", "TW": "Taiwan", "TH": "Thailand",
    "VN": "Vietnam", "ID": "Indonesia", "MY": "Malaysia", "NG": "Nigeria", "EG": "Egypt",
    "SA": "Saudi Arabia", "TR": "Türkiye", "UA": "Ukraine", "RU": "Russia",
}  # fmt: skip
_PROVINCES = {
    "ON": "Ontario", "QC": "Quebec", "BC": "British Columbia", "AB": "Alberta",
    "MB": "Manitoba", "SK": "Saskatchewan", "NS": "Nova Scotia", "NB": "New Brunswick",
    "NL": "Newfoundland", "PE": "Prince Edward Island", "YT": "Yukon",
    "NT": "Northwest Territories", "NU": "Nunavut",
}  # fmt: skip
# Other names people use: name → ISO country code, or "US-XX" for a US state or territory.
_ALIASES = {
    "usa": "US", "u.s.a.": "US", "u.s.": "US", "united states of america": "US",
    "the states": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "czech republic": "CZ", "holland": "NL", "netherlands": "NL", "korea": "KR", "uae": "AE",
    "québec": "CA", "washington dc": "US-DC", "washington d.c.": "US-DC",
    "district of columbia": "US-DC", "d.c.": "US-DC", "virgin islands": "US-VI",
    "u.s. virgin islands": "US-VI", "us virgin islands": "US-VI", "new york city": "US-NY",
    "nyc": "US-NY", "los angeles": "US-CA", "san francisco": "US-CA", "chicago": "US-IL",
    "houston": "US-TX", "denver": "US-CO", "seattle": "US-WA", "boston": "US-MA",
    "miami": "US-FL", "anchorage": "US-AK", "fairbanks": "US-AK", "juneau": "US-AK",
    "honolulu": "US-HI", "san juan": "US-PR", "toronto": "CA", "montreal": "CA",
    "vancouver": "CA", "calgary": "CA", "ottawa": "CA", "london": "GB", "paris": "FR",
    "berlin": "DE", "dublin": "IE", "madrid": "ES", "rome": "IT", "amsterdam": "NL",
    "sydney": "AU", "melbourne": "AU", "tokyo": "JP",
}  # fmt: skip
_CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"}
_MILITARY = re.compile(r"\b(?:APO|FPO|DPO)\b", re.IGNORECASE)
_CA_POSTAL = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)
_ZIP = re.compile(r"(?<![\d$.,])(\d{5})(?:-\d{4})?(?![\d.,]?\d)")
_CITY_STATE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*,\s*([A-Z]{2})\b")
_PREPOSITION = re.compile(r"\b(?:to|in|into|within)\s+(?:the\s+)?$", re.IGNORECASE)
_BARE_CODE = re.compile(r"(?:\b(?:to|in|into|for)\s+(?:the\s+)?)([A-Z]{2,3})\b")
_METHOD_WORDS = {
    "standard": r"standard|regular|ground",
    "expedited": r"expedited|express|2[- ]day|two[- ]day",
    "overnight": r"overnight|next[- ](?:business[- ])?day",
}
_AMOUNT = r"(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)"
_SUBTOTAL = [
    re.compile(rf"(?<!over )(?<!above )(?<!than )(?<!least )(?<!under )\${_AMOUNT}", re.I),
    re.compile(rf"\b(?:spend(?:ing)?|spent|(?:order|cart|total|subtotal) of)\s+\$?{_AMOUNT}", re.I),
    re.compile(rf"\b{_AMOUNT}\s*(?:dollars|bucks|usd)\b", re.I),
]  # fmt: skip


@dataclass(frozen=True)
class Destination:
    """Where a parcel would go: ISO country, US state/territory or APO, and how to name it."""

    country: str
    region: str | None
    label: str
    query: str  # text that resolves to this destination again

    @property
    def territory(self) -> bool:
        """US territories and military addresses ship only where a zone lists them."""
        return self.region in _TERRITORIES or self.region == "APO"


@dataclass(frozen=True)
class ShippingRequest:
    """What a shopper's message says about shipping."""

    destination: str | None
    subtotal: Decimal | None
    method: str | None


@dataclass(frozen=True)
class ShippingOption:
    """One method to one zone: its cost for this order, or that it is not available."""

    method: str
    label: str
    available: bool
    cost: Decimal | None = None
    free: bool = False
    free_over: Decimal | None = None
    days_min: int | None = None
    days_max: int | None = None
    business_days: bool = True


@dataclass(frozen=True)
class ShippingAnswer:
    """A shipping quote and the policy page it comes from; ``render()`` says it in English."""

    status: Status
    destination: str | None = None
    zone: str | None = None
    options: tuple[ShippingOption, ...] = ()
    ships_to: tuple[str, ...] = ()
    currency: str = "USD"
    subtotal: Decimal | None = None
    method: str | None = None
    source: str | None = None
    transit_note: str | None = None

    def render(self) -> str:
        """A short answer that states only what the rate table says."""
        where = ", ".join(self.ships_to)
        if self.status == "no_rates":
            return (
                "I don't have this store's shipping rates, so I can't quote a price. "
                "I can connect you with a person who can."
            )
        if self.status == "no_destination":
            return f"Where should it ship to? We ship to: {where}."
        if self.status == "unknown_destination":
            return f"I couldn't tell which country or state that is. We ship to: {where}."
        if self.status == "not_served":
            return f"Sorry, we don't ship to {self.destination}. We ship only to: {where}."
        return self._render_quote()

    def _render_quote(self) -> str:
        shown = [o for o in self.options if o.available]
        missing = [o for o in self.options if not o.available]
        parts = [self._option_text(o) for o in shown]
        text = f"Shipping to {self.destination}: " + "; ".join(parts) + "." if parts else ""
        if missing:
            names = _join([o.label.lower() for o in missing]).capitalize()
            verb = "isn't" if len(missing) == 1 else "aren't"
            unavailable = f"{names} {verb} available to {self.destination}."
            asked = any(o.method == self.method for o in missing)
            text = f"{unavailable} {text}" if asked else f"{text} {unavailable}"
        if self.method and all(o.method != self.method for o in self.options):
            text += f" We don't offer {self.method} shipping."
        if self.transit_note and shown:
            text += f" {self.transit_note}"
        return text.strip()

    def _option_text(self, option: ShippingOption) -> str:
        money = _Money(self.currency)
        price = "free" if option.free else money(option.cost or Decimal(0))
        if option.free_over is not None:
            if option.free and self.subtotal is not None:
                price += f" (your {money(self.subtotal)} order qualifies"
            else:
                price += f" (free on orders of {money(option.free_over)} or more"
                if self.subtotal is not None:
                    price += f"; {money(option.free_over - self.subtotal)} more to qualify"
            price += ")"
        return f"{option.label.lower()} {price}, {_days(option)}"


class ShippingQuotes:
    """The shipping tool over a store's rate table (None: the store has none)."""

    def __init__(self, config: ShippingConfig | None) -> None:
        self._config = config

    def quote(
        self, destination: str | None, subtotal: Decimal | None = None, method: str | None = None
    ) -> ShippingAnswer:
        """Every method's cost and time to ``destination``, or only ``method``'s."""
        config = self._config
        if config is None:
            return ShippingAnswer(status="no_rates")
        base = ShippingAnswer(
            status="quoted",
            ships_to=tuple(z.name for z in config.zones),
            currency=config.currency,
            subtotal=subtotal,
            method=method,
            source=config.policy_doc,
            transit_note=config.transit_note,
        )
        if not destination or not destination.strip():
            return replace(base, status="no_destination")
        place = resolve_destination(destination)
        if place is None:
            return replace(base, status="unknown_destination")
        zone = zone_for(config, place)
        if zone is None:
            return replace(base, status="not_served", destination=place.label)
        options = _options(config, zone, subtotal, _method_id(config, method))
        return replace(base, destination=place.label, zone=zone.name, options=options)


def zone_for(config: ShippingConfig, place: Destination) -> ShippingZone | None:
    """The zone a destination ships at: its region's zone first, then its country's."""
    if place.region is not None:
        for zone in config.zones:
            if place.region in zone.regions:
                return zone
        if place.territory:
            return None
    return next((z for z in config.zones if place.country in z.countries), None)


def _method_id(config: ShippingConfig, method: str | None) -> str | None:
    if method is None:
        return None
    wanted = method.strip().lower()
    return next((m.id for m in config.methods if wanted in (m.id, m.label.lower())), wanted)


def _options(
    config: ShippingConfig, zone: ShippingZone, subtotal: Decimal | None, method: str | None
) -> tuple[ShippingOption, ...]:
    """All methods, or the one asked for; if it isn't offered there, it and the ones that are."""
    every = [_option(m.id, m.label, config.rate(zone.id, m.id), subtotal) for m in config.methods]
    asked = [o for o in every if o.method == method]
    if asked and asked[0].available:
        return tuple(asked)
    return tuple(o for o in every if o.available or o in asked or not method)


def _option(method: str, label: str, rate: Rate | None, subtotal: Decimal | None) -> ShippingOption:
    if rate is None:
        return ShippingOption(method=method, label=label, available=False)
    free = rate.free_over is not None and subtotal is not None and subtotal >= rate.free_over
    return ShippingOption(
        method=method,
        label=label,
        available=True,
        cost=Decimal(0) if free else rate.price,
        free=free,
        free_over=rate.free_over,
        days_min=rate.days_min,
        days_max=rate.days_max,
        business_days=rate.business_days,
    )


def _days(option: ShippingOption) -> str:
    unit = "business day" if option.business_days else "day"
    low, high = option.days_min, option.days_max or 0
    if low is None:
        return f"up to {high} {unit}s"
    if low == high == 1 and option.business_days:
        return "next business day"
    if low == high:
        return f"{high} {unit}" + ("" if high == 1 else "s")
    return f"{low}–{high} {unit}s"


@dataclass(frozen=True)
class _Money:
    currency: str

    def __call__(self, amount: Decimal) -> str:
        whole = amount == amount.to_integral_value()
        number = f"{int(amount):,}" if whole else f"{amount:,.2f}"
        symbol = _CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{number} {self.currency}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- Destinations -------------------------------------------------------------------------


def _us(region: str, label: str | None = None) -> Destination:
    name = _STATES.get(region) or _TERRITORIES[region]
    return Destination("US", region, label or name, name)


def _country(code: str) -> Destination:
    name = _COUNTRIES[code]
    return Destination(code, None, name, name.removeprefix("the "))


def _names() -> dict[str, Destination]:
    names = {name.lower(): _us(code) for code, name in {**_STATES, **_TERRITORIES}.items()}
    names |= {n.lower().removeprefix("the "): _country(c) for c, n in _COUNTRIES.items()}
    names |= {name.lower(): _country("CA") for name in _PROVINCES.values()}
    for alias, code in _ALIASES.items():
        names[alias] = _us(code[3:]) if code.startswith("US-") else _country(code)
    return names


_NAMES = _names()
_NAME_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True)) + r")"
    r"(?![\w])",
    re.IGNORECASE,
)


def resolve_destination(text: str) -> Destination | None:
    """The place ``text`` names, served or not; None when it names no place we know."""
    for finder in (_military, _postal_code, _zip_code, _city_state, _by_name, _by_code):
        found = finder(text)
        if found is not None:
            return found
    return None


def _military(text: str) -> Destination | None:
    if _MILITARY.search(text):
        return Destination("US", "APO", "an APO/FPO/DPO address", "APO")
    return None


def _postal_code(text: str) -> Destination | None:
    match = _CA_POSTAL.search(text)
    return Destination("CA", None, "Canada", match.group().upper()) if match else None


def _zip_code(text: str) -> Destination | None:
    match = _ZIP.search(text)
    if match is None:
        return None
    code, prefix = match.group(1), int(match.group(1)[:3])
    region = _zip_region(prefix)
    if region == "APO":
        return Destination("US", "APO", "an APO/FPO/DPO address", code)
    if region is not None:
        place = _us(region)
        return Destination("US", region, f"{place.label} (ZIP {code})", code)
    return Destination("US", None, f"ZIP {code}", code)


def _zip_region(prefix: int) -> str | None:
    """The state or territory of a ZIP prefix, where it is not the contiguous US."""
    ranges = [
        (995, 999, "AK"), (967, 968, "HI"), (969, 969, "GU"), (6, 7, "PR"), (9, 9, "PR"),
        (8, 8, "VI"), (90, 98, "APO"), (340, 340, "APO"), (962, 966, "APO"),
    ]  # fmt: skip
    return next((region for low, high, region in ranges if low <= prefix <= high), None)


def _city_state(text: str) -> Destination | None:
    for match in _CITY_STATE.finditer(text):
        code = match.group(1)
        if code in _STATES or code in _TERRITORIES:
            return _us(code)
        if code in _PROVINCES:
            return _country("CA")
    return None


def _by_name(text: str) -> Destination | None:
    """The place named after "to"/"in" if any (not "china plates"), else the first named."""
    matches = list(_NAME_PATTERN.finditer(text))
    after_to = [m for m in matches if _PREPOSITION.search(text[: m.start()])]
    if not matches:
        return None
    return _NAMES[(after_to or matches)[0].group(1).lower()]


def _by_code(text: str) -> Destination | None:
    """A bare code: a country first (CA is Canada), then a US state.

    Codes count when uppercase after "to"/"in", or alone; a lowercase one alone only as a
    country ("hi" is a greeting, not Hawaii).
    """
    alone = text.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}", alone):
        codes, states_too = [alone.upper()], alone.isupper()
    else:
        codes, states_too = _BARE_CODE.findall(text), True
    for code in codes:
        code = {"UK": "GB", "USA": "US"}.get(code, code)
        if code in _COUNTRIES:
            return _country(code)
        if states_too and (code in _STATES or code in _TERRITORIES):
            return _us(code)
    return None


# --- Requests -----------------------------------------------------------------------------


def parse_shipping_request(text: str) -> ShippingRequest:
    """Destination, order amount and method from a shopper's message (None where unsaid)."""
    place = resolve_destination(text)
    return ShippingRequest(
        destination=place.query if place else None,
        subtotal=_subtotal(text),
        method=_method(text),
    )


def _subtotal(text: str) -> Decimal | None:
    for pattern in _SUBTOTAL:
        match = pattern.search(text)
        if match is not None:
            try:
                return Decimal(match.group(1).replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
                return None
    return None


def _method(text: str) -> str | None:
    """The method named first in ``text``."""
    hits = [
        (match.start(), name)
        for name, pattern in _METHOD_WORDS.items()
        if (match := re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE))
    ]
    return min(hits)[1] if hits else None
