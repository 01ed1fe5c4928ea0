"""Recognizers for what Presidio's defaults miss in a shop's chat.

- ``StreetAddressRecognizer``: Presidio has no street-address recognizer. Street lines in
  English, continental and Latin styles (capitalised or typed in lower case), units (Apt.,
  Suite), post boxes, an "Address:" line, and the city, region and post code lines that
  follow a street line. A post code on its own is not an address.
- ``ContextPhoneRecognizer``: numbers in national and international layouts that
  ``phonenumbers`` cannot place without a region ("9472 7916", "(64) 3591-3246"), with an
  extension ("x204", "ext. 12"), kept only when the message talks about phoning and the number
  is not named as an order, tracking or licence number.
- ``CardNumberRecognizer``: a 12-19 digit number the shopper calls a card, even when its
  check digit is wrong (a mistyped card number is still a card number).
- ``NameCueRecognizer``: a name right after "my name is", "Mr.", "Dr.", "my wife" …, which
  the small spaCy model misses when the name is rare or lower-case.
- ``KnownNameRecognizer``: a common first name (``retail.FIRST_NAMES``) and the surname
  after it; the small model misses many names it has not seen, or calls them places.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from presidio_analyzer import LocalRecognizer, RecognizerResult

from guardrails.pii.retail import FIRST_NAMES, NAME_PARTICLES, NOT_NAME_WORDS, SERIES_WORDS

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_W = r"[^\W\d_][\w'’.-]*"  # a word: starts with a letter
_LW = r"[^\W\d_][\w'’-]*"  # a word without dots
_CAP = r"[^\W\d_a-zß-ÿ][\w'’.-]*"  # a capitalised word (any script with case)
_TOWN = r"[^\W\d_a-zß-ÿ][\w'’-]*"  # a capitalised word without dots: a town, a region
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_EN_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl"
    r"|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Crescent|Close|Bypass|Row"
    r"|Alley|Grove|Gardens|Mews|Plaza|Expressway|Turnpike|Route|Heights)\b\.?"
)
#: Street types that are not also everyday words, for street lines typed in lower case.
_EN_SUFFIX_LOWER = (
    r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|terrace"
    r"|crescent|parkway|pkwy|highway|hwy)\b\.?"
)
_EU_SUFFIX = (
    r"(?:strasse|straße|str\.|straat|gasse|weg|vej|vei|veien|vegen|vägen|väg|gatan|gata|gade"
    r"|katu|tie|laan|plein|allee|platz|ring|dijk|kade|steeg|singel|torget|utca|útja|út)"
)
#: Suffixes distinctive enough to mark a street in lower-case text ("nassaustraat 12").
_EU_SUFFIX_LOWER = r"(?:strasse|straße|straat|gasse|gatan|gata|gade|katu|vägen|veien|allee|platz)"
_LATIN_PREFIX = (
    r"(?:Rua|Avenida|Av\.|Calle|Carrer|Camino|Via|Viale|Rue|Paseo|Praça|Piazza|Largo|Travessa"
    r"|Estrada|Strada|Calea|Plac|ul\.|Ulica|Aleja|Bulevar"
    r"|(?i:rua|avenida|calle|carrer|rue|paseo|praça|piazza|travessa|estrada|strada|ulica"
    r"|aleja|bulevar|ul\.))"
)
#: Street types that lead the name in French style ("Avenue des Tuileries").
_LEADING_TYPE = rf"(?:{_LATIN_PREFIX}|Avenue|Boulevard|Chemin|Allée|Impasse|Quai|Route)"
_PARTICLE = r"(?:de|du|des|da|do|dos|das|del|della|di|la|le|les|van|von|[dl]['’][^\W\d_]+)"
_SP = r"[ \t]+"  # a street line does not cross a line break
_NUMBER = r"\d{1,6}[A-Za-z]?"
#: Words after a number that make it a measure, not a house number ("2 TB Hard Drive",
#: "4 wheel drive", "12 ct", "6 ft").
_NOT_STREET_NAME = (
    r"(?!(?i:tb|gb|mb|ft|feet|foot|in|inch|inches|cm|mm|m|oz|lb|lbs|kg|g|pack|pk|pc|pcs|piece"
    r"|pieces|count|ct|x|by|hard|flash|thumb|disk|disc|external|usb|ssd|wheel|door|star|lane"
    r"|way|tennis|basketball|food|volt|v|watt|w|speed|seater|person|drawer|tier|shelf)\b)"
)
_UNIT = r"(?:(?i:apt\.?|apartment|suite|ste\.)|Unit|Flat|Floor|Room)\s*#?\s*\d{1,5}[A-Za-z]?\b"
_BOX = (
    r"(?:(?i:p\.?\s?o\.?\s?box)|PSC\s+\d{1,5},?\s+Box|(?i:unit)\s+\d{1,5},?\s+(?i:box))"
    r"\s+\d{1,6}\b"
)
#: British ("BS1 5TR") and Canadian ("K1A 0B1") post codes, after a town.
_UK_CA_POST_CODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)\b"
_MILITARY = r"\b(?i:fpo|apo|dpo)\s+(?i:a[aep])\s+\d{5}\b"

_STREET_LINES = [
    # 221B Baker Street / 9931 14 Iliou Street / 2279 President St
    rf"\b{_NUMBER}(?:{_SP}\d{{1,4}})?{_SP}{_NOT_STREET_NAME}{_CAP}(?:{_SP}{_CAP}){{0,3}}?{_SP}{_EN_SUFFIX}",
    # Nassaustraat 123 / Villacher Strasse 89 / Auerstrasse 12
    rf"\b(?:\d{{1,6}}{_SP})?(?:{_CAP}{_SP})?[^\W\d_a-zß-ÿ][^\W\d_]+{_EU_SUFFIX}\.?{_SP}\d{{1,5}}[A-Za-z]?\b",
    rf"\b(?:\d{{1,6}}{_SP})?(?:{_CAP}{_SP})?{_CAP}{_SP}(?i:strasse|straße|straat|gasse|weg|allee|platz"
    rf"|gate|gata|gatan|vej|vei|vegen|vägen|katu|tie|utca|u\.|út|útja|rkp\.|terrasse)"
    rf"{_SP}\d{{1,5}}\b\.?",
    # Rua Cyro Schmutzer Franco 1213 / 56539 Rua … / ul. Jesionowa 127
    rf"\b(?:\d{{1,6}}{_SP}(?:\d{{1,4}}{_SP})?)?{_LATIN_PREFIX}(?:{_SP}{_W}){{1,5}}?{_SP}\d{{1,5}}[A-Za-z]?\b",
    # 479 95 Avenue des Tuileries / 16 48 rue Descartes: the number leads, the name follows
    rf"\b\d{{1,6}}(?:{_SP}\d{{1,4}})?{_SP}{_LEADING_TYPE}(?:{_SP}(?:{_PARTICLE}{_SP})*{_TOWN}){{1,4}}",
    # 6750 Koskikatu 25 / 94472 Atamaria 55: a house number, a name, a number (not a date)
    rf"\b\d{{1,6}}{_SP}(?!{_MONTH}){_CAP}(?:{_SP}{_CAP}){{0,2}}{_SP}\d{{1,5}}\.?(?=[\s,]|$)",
    # USNS Møller / FPO AA 85844: US military and diplomatic post
    rf"\b(?:USNS|USS|USNV|USCGC)\s+{_CAP}",
    _MILITARY,
    # the corner of Botley Road and Herceg Gateway
    r"\b(?i:(?:the )?corner of)\s+[^.?!\n{}]{3,80}?\s(?i:and)\s+[^.?!\n,{}]{2,40}?"
    r"(?=\s*(?:[.?!](?:\s|$)|$|\n))",
    _UNIT,
    _BOX,
]
_STREET = re.compile("|".join(f"(?:{p})" for p in _STREET_LINES))
# Street lines typed in lower case ("23 8 wressle road", "nassaustraat 12"): looked for only in
# a message that talks about an address, since "2 tb hard drive" has the same shape.
_LOWER_STREET = re.compile(
    rf"\b{_NUMBER}(?:{_SP}\d{{1,4}})?{_SP}{_NOT_STREET_NAME}{_LW}(?:{_SP}{_LW}){{0,2}}?"
    rf"{_SP}{_EN_SUFFIX_LOWER}"
    rf"|\b(?:\d{{1,6}}{_SP})?[^\W\d_]+{_EU_SUFFIX_LOWER}{_SP}\d{{1,5}}[A-Za-z]?\b"
)
_ADDRESS_CONTEXT = re.compile(
    r"(?i)\b(?:address|ship|shipped|shipping|deliver|delivered|delivery|send|sent|mail|post"
    r"|live|lives|living|moved|move|located|home|house|apt|apartment|suite|unit|zip|postcode"
    r"|street|meet|return|billing|courier|drop|leave)\b"
)
#: Words that end a cued address: "the address of Persint is 6750 …" names a company first.
_NOT_STREET_WORD = (
    r"(?!(?i:of|is|are|was|the|to|for|with|and|at|in|on|my|your|our|it|this|that|from|by|me"
    r"|please|pls|be|will|can|i|we|you|he|she|they|a|an|his|her|their|its|thanks|thank|thx"
    r"|asap|today|tomorrow|tonight|soon|ok|okay|cheers|sorry|store|shop|warehouse|locker"
    r"|branch|location|pickup|counter|aisle|gate|dock|size|order|item|box|room|floor|page"
    r"|step|option|number|no|version|day|days|week|weeks|call|text|email|ring|reach|contact"
    r"|message|let|tell|ask|if|when|but|so|or)\b)"
)
# After "address", "ship to" …: words then a house number ("Růžena u. 15", "46 velký průhon 426").
_CUED = re.compile(
    r"\b(?i:(?:shipping |billing |delivery |mailing |home |new |old )?address(?:\s+is|\s+to)?"
    r"|located at|live at|lives at|living at|reside at|office is at|ship(?:ped)? (?:it )?to"
    r"|deliver(?:ed)? (?:it )?to|send (?:it )?to|sent (?:it )?to|mail (?:it )?to|moved to"
    r"|station is on|is located on)[:\s]+"
    rf"(?P<address>(?:\d{{1,6}}[ \t]+){{0,2}}(?:{_NOT_STREET_WORD}{_W}[ \t]+){{0,4}}"
    rf"{_NOT_STREET_WORD}{_W}\.?[ \t]+\d{{1,5}}\b\.?)"
)
# "Address: 12 Elm St, Springfield" on a line of its own: the rest of the line, if it has a
# number, up to a phone or email that follows on the same line.
_CONTACT_WORD = r"\b(?i:phone|tel|mobile|cell|e-?mail|fax)\b"
_LINE_CHAR = rf"(?:(?!{_CONTACT_WORD})[^\n:])"
_ADDRESS_LINE = re.compile(
    r"(?im)^[ \t>*•-]*(?:shipping |billing |delivery |mailing |home |street )?address[ \t]*:"
    rf"[ \t]*\n?[ \t]*(?P<address>{_LINE_CHAR}*\d{_LINE_CHAR}*?)[ \t.,;]*(?:$|(?={_CONTACT_WORD}))"
)
# What may follow a street line and still be the same address: a unit, a post code, a region
# code, a town (capitalised words, not a "Phone:" label), separated by commas or line breaks.
_CONTINUATION = re.compile(
    rf"[ \t]*(?:,[ \t]*|\n[ \t]*(?:[>?*•-]+[ \t]*)?(?:,[ \t]*)?|[ \t]+)"
    rf"(?:{_UNIT}|{_BOX}|{_MILITARY}|{_UK_CA_POST_CODE}"
    rf"|(?:\d{{5}}(?:-\d{{3,4}})?|\d{{3}}\s\d{{2}}|\d{{4}})"
    rf"(?![ \t.-]?\d)\b|[A-Z]{{2,3}}\b(?!:)|nan\b"
    rf"|{_TOWN}(?:[ \t]+(?!{_UK_CA_POST_CODE})"
    rf"(?:{_TOWN}|(?:de|da|do|del|la|le|nad|am|an|upon|on|u)\b)){{0,3}}\b"
    rf"(?![ \t]*:))"
)
# After a comma, a town typed in lower case ("…, mohács, hungary 24743").
_LOWER_CONTINUATION = re.compile(
    rf"[ \t]*,[ \t]*(?:{_NOT_STREET_WORD}[^\W\d_]{{2,}}(?:[ \t]+[^\W\d_]{{2,}})?"
    rf"(?:[ \t]+\d{{4,5}})?)(?=[ \t]*(?:[,.?!\n]|$))"
)
_MAX_CONTINUATIONS = 5
_ADDRESS_SCORE = 0.7

_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,6}){1,4}"
    r"(?P<ext>\s*(?i:x|ext\.?|extension)\s*\d{1,6})?(?![\w/-]|[.:]\d)"
)
_PHONE_CONTEXT = re.compile(
    r"(?i)\b(?:phone|call|called|calling|tel|telephone|mobile|cell|cellphone|number|reach|"
    r"text|sms|whatsapp|fax|contact|messages?|ring|desk|office|landline)\b"
)
#: A number named as something else: "order number 2270 6615", "tracking # 7489 2034 1234".
_NOT_PHONE_NAME = re.compile(
    r"(?i)\b(?:order|tracking|track|licen[cs]e|passport|account|acct|invoice|model|serial|sku"
    r"|item|part|reference|ref|confirmation|receipt|po|case|ticket|policy|member(?:ship)?"
    r"|routing|gift card|voucher|coupon|upc|isbn|ean)\s*(?:number|no\.?|#|id)?\s*(?:is|:)?\s*$"
)
_SSN_OR_DATE = re.compile(r"\d{3}-\d{2}-\d{4}|\d{4}[-.]\d{2}[-.]\d{2}|\d{2}[-.]\d{2}[-.]\d{4}")
_PHONE_SCORE = 0.6

_CARD = re.compile(r"(?<![\w-])\d{4}(?:[ -]?\d{2,4}){2,4}(?:[ -]?\d{1,3})?(?![\w-])")
_CARD_CONTEXT = re.compile(
    r"(?i)\b(?:card|credit|debit|visa|mastercard|amex|maestro|discover|cc)\b[^.\n]{0,40}$"
)
_CARD_SCORE = 0.65

_NAME_CUE = re.compile(
    r"(?:\b(?i:my name is|my name's|name is|(?:first |last |full |sur)?name:|i am|i'm|call me"
    r"|ask for|this is|signed|(?:first |last |full |sur)?name\?|under the name(?: of)?"
    r"|name on (?:the|my) (?:account|order|card|package|parcel) is|speak (?:to|with)"
    r"|(?:regards|thanks|thank you|cheers|sincerely),?|(?:best|yours),|attn:?|c/o"
    r"|my (?:wife|husband|son|daughter|mom|mum|dad|mother|father|friend|sister|brother"
    r"|partner|boss|colleague|neighbou?r|grandson|granddaughter|niece|nephew|girlfriend"
    r"|boyfriend|fianc[eé]e?),?)"
    r"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mister)\b\.?|\b(?i:mr|mrs|ms|dr|prof)\.)[ \t]+"
)
_STRONG_CUES = frozenset(
    {"name", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mister"}
)
#: Short words before a first name typed in lower case ("a gift for emma", "hi anna").
_SOFT_CUE = re.compile(
    r"\b(?i:for|from|to|with|by|dear|hi|hello|hey|cc|and|tell|ask|love|it's|its|it is)[ \t]+$"
)
_NAME_SCORE = 0.7
_KNOWN_NAME_SCORE = 0.6
# A middle initial between two capitalised words marks a name: "Szabina J Gelencsér".
_INITIALLED_NAME = re.compile(
    rf"(?<![\w.-])(?P<first>{_TOWN})[ \t]+[A-Z]\.?[ \t]+(?P<last>{_TOWN})(?![\w-])"
)
_MAX_NAME_TOKENS = 4


class StreetAddressRecognizer(LocalRecognizer):
    """Street addresses, with the town, region and post code lines that follow them."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["STREET_ADDRESS"], name="StreetAddressRecognizer")

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every street line, extended over the lines that continue it."""
        found = [(m.start(), m.end()) for m in _STREET.finditer(text)]
        if _ADDRESS_CONTEXT.search(text):
            found += [(m.start(), m.end()) for m in _LOWER_STREET.finditer(text)]
        for pattern in (_CUED, _ADDRESS_LINE):
            found += [m.span("address") for m in pattern.finditer(text)]
        return [self._result(start, _extend(text, end)) for start, end in found]

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult("STREET_ADDRESS", start, end, _ADDRESS_SCORE)


def _extend(text: str, end: int) -> int:
    """Where the address that has a street line ending at ``end`` ends."""
    for _ in range(_MAX_CONTINUATIONS):
        more = _CONTINUATION.match(text, end) or _LOWER_CONTINUATION.match(text, end)
        if more is None or more.end() == end:
            break
        end = more.end()
    return end


class ContextPhoneRecognizer(LocalRecognizer):
    """Digit groups of phone length (7-15 digits, extension aside) in a message that talks
    about phoning, unless named as something else ("order number 2041 7332")."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PHONE_NUMBER"], name="ContextPhoneRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Phone-shaped numbers, when a phoning word occurs anywhere in the message."""
        if not _PHONE_CONTEXT.search(text):
            return []
        results = []
        for match in _PHONE.finditer(text):
            number = text[match.start() : match.start("ext")] if match.group("ext") else match[0]
            before = text[max(0, match.start() - 30) : match.start()]
            if is_phone_length(number) and not (
                _SSN_OR_DATE.match(number) or _NOT_PHONE_NAME.search(before)
            ):
                results.append(
                    RecognizerResult("PHONE_NUMBER", match.start(), match.end(), _PHONE_SCORE)
                )
        return results


def is_phone_length(number: str) -> bool:
    """Whether ``number`` (without its extension) has the 7-15 digits of a phone number."""
    return 7 <= sum(c.isdigit() for c in number) <= 15


def phone_digits(value: str) -> str:
    """The number part of a phone finding, without an extension ("x204", "ext. 12")."""
    match = _PHONE.fullmatch(value.strip())
    if match is None or not match.group("ext"):
        return value
    return value.strip()[: match.start("ext")]


class CardNumberRecognizer(LocalRecognizer):
    """A 12-19 digit number right after a word naming a card."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["CREDIT_CARD"], name="CardNumberRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Card-length numbers preceded (within 40 characters) by "card", "visa" …"""
        results = []
        for match in _CARD.finditer(text):
            digits = sum(c.isdigit() for c in match.group())
            before = text[max(0, match.start() - 60) : match.start()]
            if 12 <= digits <= 19 and _CARD_CONTEXT.search(before):
                results.append(
                    RecognizerResult("CREDIT_CARD", match.start(), match.end(), _CARD_SCORE)
                )
        return results


class NameCueRecognizer(LocalRecognizer):
    """The name after "my name is", "I'm", "Mr." …: proper nouns, or any word after a strong cue."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="NameCueRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One PERSON result per cue followed by a name."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Any = nlp_artifacts.tokens
        results = []
        for cue in _NAME_CUE.finditer(text):
            words = re.split(r"[\s:.?,]+", cue.group().lower())
            strong = any(word in _STRONG_CUES for word in words)
            # "my son Xbox", "my daughter Barbie": after a relative, only a known name
            known_only = words[0] == "my" and not strong
            span = _name_after(doc, cue.end(), strong, known_only)
            if span is not None:
                results.append(RecognizerResult("PERSON", span[0], span[1], _NAME_SCORE))
        return results


def _name_after(
    doc: Any, start: int, strong: bool, known_only: bool = False
) -> tuple[int, int] | None:
    """The name (up to 4 tokens) starting at character ``start``, if the tokens read as one."""
    first = next((t for t in doc if t.idx >= start), None)
    if first is None or first.idx != start:
        return None
    if first.is_stop and first.lower_ not in FIRST_NAMES:
        return None  # "speak to a manager", "this is the one"
    if known_only and first.lower_ not in FIRST_NAMES and first.ent_type_ != "PERSON":
        return None
    tokens: list[Any] = []
    for token in doc[first.i : first.i + _MAX_NAME_TOKENS]:
        if tokens and "\n" in tokens[-1].whitespace_ + token.text:
            break
        initial = (
            bool(tokens) and len(token.text) <= 2 and token.text.rstrip(".").isalpha()
        ) and token.is_title
        proper = token.is_alpha and token.is_title and token.pos_ == "PROPN"
        known = token.lower_ in FIRST_NAMES
        plain = strong and token.is_alpha and not token.is_stop and token.pos_ != "VERB"
        if token.lower_ in NOT_NAME_WORDS or not (proper or initial or known or plain):
            break
        tokens.append(token)
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


class KnownNameRecognizer(LocalRecognizer):
    """A common first name, with the capitalised surname (and initials) after it.

    "Megan Payne", "Ryan P Costa", "Ludwig van Beethoven"; a first name in lower case only
    after a cue ("i'm sarah", "a gift for emma"), since shoppers type queries in lower case.
    """

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="KnownNameRecognizer")

    def load(self) -> None:
        """Nothing to load: the names are a frozen set."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One PERSON result per known first name (with its surname)."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Any = nlp_artifacts.tokens
        results = [
            RecognizerResult("PERSON", m.start(), m.end(), _KNOWN_NAME_SCORE)
            for m in _INITIALLED_NAME.finditer(text)
            if all(_is_proper_word(w) for w in (m["first"], m["last"]))
        ]
        i = 0
        while i < len(doc):
            token = doc[i]
            joined = i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
            if token.lower_ in FIRST_NAMES and not joined and _looks_named(text, token):
                end = _surname_end(doc, i)
                stop = doc[end - 1].idx + len(doc[end - 1].text)
                results.append(RecognizerResult("PERSON", token.idx, stop, _KNOWN_NAME_SCORE))
                i = end
            else:
                i += 1
        return results


def _is_proper_word(word: str) -> bool:
    """A capitalised word that is not merchandise, a chat word or a series ("Vitamin")."""
    lower = word.lower()
    return (
        any(c.islower() for c in word) and lower not in NOT_NAME_WORDS and lower not in SERIES_WORDS
    )


def _looks_named(text: str, token: Any) -> bool:
    """A capitalised first name, or a lower-case one right after a cue."""
    if token.is_title:
        return True
    if not token.is_lower:
        return False
    return preceded_by_soft_cue(text, token.idx) or preceded_by_name_cue(text, token.idx)


def _surname_end(doc: Any, first: int) -> int:
    """The token index after the name that starts with the first name at ``first``."""
    end = first + 1
    lower = doc[first].is_lower
    while end < len(doc) and end - first < _MAX_NAME_TOKENS:
        token, previous = doc[end], doc[end - 1]
        if "\n" in previous.whitespace_ or token.is_space:
            break
        if token.text == "-" and not previous.whitespace_ and end + 1 < len(doc):
            if _is_name_part(doc[end + 1], lower) and not token.whitespace_:
                end += 2  # Jean-Pierre, Lloyd-Webber
                continue
            break
        if token.lower_ in NAME_PARTICLES and end + 1 < len(doc):
            if _is_name_part(doc[end + 1], lower):
                end += 2
                continue
            break
        if not _is_name_part(token, lower):
            break
        end += 1
    return end


def _is_name_part(token: Any, lower: bool) -> bool:
    """A surname or an initial: capitalised ("Payne", "P", "P."), lower-case after a lower name."""
    text: str = token.text
    if lower:
        return bool(
            token.is_lower and token.is_alpha and not token.is_stop and token.pos_ != "VERB"
        )
    if len(text.rstrip(".")) == 1:
        return text[0].isupper()
    return text[0].isupper() and any(c.islower() for c in text) and not token.is_stop


def preceded_by_name_cue(text: str, start: int) -> bool:
    """Whether a name cue ("my name is", "Dr.") ends right before ``start``."""
    return any(cue.end() == start for cue in _NAME_CUE.finditer(text, max(0, start - 50), start))


def preceded_by_soft_cue(text: str, start: int) -> bool:
    """Whether a short word that may introduce a name ("for", "hi") ends right before ``start``."""
    return bool(_SOFT_CUE.search(text[max(0, start - 40) : start]))


_STREET_NAMED = re.compile(
    rf"(?:{_LEADING_TYPE}\s.+|.+\s(?:\d{{1,5}}[A-Za-z]?|(?:Street|Road|Avenue|Ave|Lane"
    r"|Drive|Boulevard|Blvd|Court|Courts|Place|Terrace|Circle|Highway|Parkway|Square|Crescent"
    r"|Bypass|Alley|Mews|Plaza|Expressway|Turnpike|Route|Heights|Pass|Loop|Mall|Harbor"
    r"|Harbour|Gateway|Trail|Pike|Greens|Summit|Junction|Causeway)\.?))",
)


def looks_like_street(value: str) -> bool:
    """Whether a "name" is a street: "Rue Abdelaziz Thâalbi", "Waechter Turnpike", "Hoge Wei 32"."""
    return bool(_STREET_NAMED.fullmatch(value))


def custom_recognizers() -> list[LocalRecognizer]:
    """The recognizers added to Presidio's predefined ones."""
    return [
        StreetAddressRecognizer(),
        ContextPhoneRecognizer(),
        CardNumberRecognizer(),
        NameCueRecognizer(),
        KnownNameRecognizer(),
    ]
