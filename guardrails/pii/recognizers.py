"""Recognizers for what Presidio's defaults miss in a shop's chat.

- ``StreetAddressRecognizer``: Presidio has no street-address recognizer. Street lines in
  English, continental and Latin styles, units (Apt., Suite), post boxes, and the city, region
  and post code lines that follow them.
- ``ContextPhoneRecognizer``: numbers in national and international layouts that
  ``phonenumbers`` cannot place without a region ("9472 7916", "(64) 3591-3246"), kept only
  when the message talks about phoning.
- ``CardNumberRecognizer``: a 12-19 digit number the shopper calls a card, even when its
  check digit is wrong (a mistyped card number is still a card number).
- ``NameCueRecognizer``: a name right after "my name is", "Mr.", "Dr." …, which the small
  spaCy model misses when the name is rare or lower-case.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from presidio_analyzer import LocalRecognizer, RecognizerResult

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_W = r"[^\W\d_][\w'’.-]*"  # a word: starts with a letter
_CAP = r"[^\W\d_a-zß-ÿ][\w'’.-]*"  # a capitalised word (any script with case)
_EN_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl"
    r"|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Crescent|Close|Bypass|Row"
    r"|Alley|Grove|Gardens|Mews|Plaza|Expressway|Turnpike|Route|Heights)\b\.?"
)
_EU_SUFFIX = (
    r"(?:strasse|straße|str\.|straat|gasse|weg|vej|vei|veien|vegen|vägen|väg|gatan|gata|gade"
    r"|katu|tie|laan|plein|allee|platz|ring|dijk|kade|steeg|singel|torget|utca|útja|út)"
)
_LATIN_PREFIX = (
    r"(?:Rua|Avenida|Av\.|Calle|Carrer|Camino|Via|Viale|Rue|Paseo|Praça|Piazza|Largo|Travessa"
    r"|Estrada|Strada|Calea|Plac|ul\.|Ulica|Aleja|Bulevar)"
)
_NUMBER = r"\d{1,6}[A-Za-z]?"
_UNIT = r"(?:(?i:apt\.?|apartment|suite|ste\.)|Unit|Flat|Floor|Room)\s*#?\s*\d{1,5}[A-Za-z]?\b"
_BOX = r"(?:(?i:p\.?\s?o\.?\s?box)|PSC\s+\d{1,5},?\s+Box|Unit\s+\d{1,5}\s+Box)\s+\d{1,6}\b"

_STREET_LINES = [
    # 221B Baker Street / 9931 14 Iliou Street / 2279 President St
    rf"\b{_NUMBER}(?:\s+\d{{1,4}})?(?:\s+{_CAP}){{1,4}}?\s+{_EN_SUFFIX}",
    # Nassaustraat 123 / Villacher Strasse 89 / Auerstrasse 12
    rf"\b(?:\d{{1,6}}\s+)?(?:{_CAP}\s+)?[^\W\d_a-zß-ÿ][^\W\d_]+{_EU_SUFFIX}\.?\s+\d{{1,5}}[A-Za-z]?\b",
    rf"\b(?:\d{{1,6}}\s+)?(?:{_CAP}\s+)?{_CAP}\s+(?i:strasse|straße|straat|gasse|weg|allee|platz"
    rf"|gate|gata|gatan|vej|vei|vegen|vägen|katu|tie|utca|u\.)\s+\d{{1,5}}\b\.?",
    # Rua Cyro Schmutzer Franco 1213 / Avenida Otoniel Dutra 1277 / ul. Jesionowa 127
    rf"\b{_LATIN_PREFIX}(?:\s+{_W}){{1,5}}?\s+\d{{1,5}}[A-Za-z]?\b",
    # 6750 Koskikatu 25 / 94472 Atamaria 55: a house number, a name, a number
    rf"\b\d{{1,6}}\s+{_CAP}(?:\s+{_CAP}){{0,2}}\s+\d{{1,5}}\.?(?=[\s,]|$)",
    # USNS Møller / FPO AA 85844: US military and diplomatic post
    rf"\b(?:USNS|USS|USNV|USCGC)\s+{_CAP}",
    r"\b(?:FPO|APO|DPO)\s+[A-Z]{2}\s+\d{5}\b",
    # the corner of Botley Road and Herceg Gateway
    r"\b(?i:corner of)\s+[^.?!\n]{3,80}?\s(?i:and)\s+[^.?!\n,]{2,40}?(?=\s*(?:[.?!](?:\s|$)|$|\n))",
    _UNIT,
    _BOX,
]
_STREET = re.compile("|".join(f"(?:{p})" for p in _STREET_LINES))
# After "address", "ship to" …: words then a house number ("Růžena u. 15", "Pod Floriánem 1677").
_CUED = re.compile(
    r"\b(?i:address|located at|live at|lives at|living at|reside at|office is at|ship to"
    r"|deliver to|send it to|mail it to|moved to|station is on|is located on)[:\s]+"
    rf"(?P<address>(?:{_W}\s+){{0,4}}{_W}\.?\s+\d{{1,5}}\b\.?)"
)
# What may follow a street line and still be the same address: a unit, a post code, a region
# code, a town (capitalised words), separated by commas or line breaks.
_CONTINUATION = re.compile(
    rf"[ \t]*(?:,[ \t]*|\n[ \t]*(?:[>?*•-]+[ \t]*)?(?:,[ \t]*)?|[ \t]+)"
    rf"(?:{_UNIT}|\d{{5}}(?:-\d{{3,4}})?|\d{{3}}\s\d{{2}}\b|\d{{4}}\b|[A-Z]{{2,3}}\b|nan\b"
    rf"|{_CAP}(?:[ \t]+(?:{_CAP}|de|da|do|del|la|le|nad|am|an|upon|on)){{0,3}})"
)
_MAX_CONTINUATIONS = 5
_ADDRESS_SCORE = 0.7

_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?(?![\w/-]|[.:]\d)"
)
_PHONE_CONTEXT = re.compile(
    r"(?i)\b(?:phone|call|called|calling|tel|telephone|mobile|cell|cellphone|number|reach|"
    r"text|sms|whatsapp|fax|contact|messages?|ring)\b"
)
_SSN_OR_DATE = re.compile(r"\d{3}-\d{2}-\d{4}|\d{4}[-.]\d{2}[-.]\d{2}|\d{2}[-.]\d{2}[-.]\d{4}")
_PHONE_SCORE = 0.6

_CARD = re.compile(r"(?<![\w-])\d{4}(?:[ -]?\d{2,4}){2,4}(?:[ -]?\d{1,3})?(?![\w-])")
_CARD_CONTEXT = re.compile(
    r"(?i)\b(?:card|credit|debit|visa|mastercard|amex|maestro|discover|cc)\b[^.\n]{0,40}$"
)
_CARD_SCORE = 0.65

_NAME_CUE = re.compile(
    r"(?:\b(?i:my name is|my name's|name is|name:|i am|i'm|call me|ask for|this is|signed)"
    r"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mister)\b\.?)[ \t]+"
)
_STRONG_CUES = ("name", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mister")
_NAME_SCORE = 0.7


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
        found += [m.span("address") for m in _CUED.finditer(text)]
        return [self._result(start, _extend(text, end)) for start, end in found]

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult("STREET_ADDRESS", start, end, _ADDRESS_SCORE)


def _extend(text: str, end: int) -> int:
    """Where the address that has a street line ending at ``end`` ends."""
    for _ in range(_MAX_CONTINUATIONS):
        more = _CONTINUATION.match(text, end)
        if more is None or more.end() == end:
            break
        end = more.end()
    return end


class ContextPhoneRecognizer(LocalRecognizer):
    """Digit groups of phone length (7-15 digits) in a message that talks about phoning."""

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
            digits = sum(c.isdigit() for c in match.group())
            if 7 <= digits <= 15 and not _SSN_OR_DATE.match(match.group()):
                results.append(
                    RecognizerResult("PHONE_NUMBER", match.start(), match.end(), _PHONE_SCORE)
                )
        return results


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
            words = cue.group().lower().replace(":", " ").replace(".", " ").split()
            strong = any(word in _STRONG_CUES for word in words)
            span = _name_after(doc, cue.end(), strong)
            if span is not None:
                results.append(RecognizerResult("PERSON", span[0], span[1], _NAME_SCORE))
        return results


def _name_after(doc: Any, start: int, strong: bool) -> tuple[int, int] | None:
    """The name (up to 4 tokens) starting at character ``start``, if the tokens read as one."""
    first = next((t for t in doc if t.idx >= start), None)
    if first is None or first.idx != start:
        return None
    tokens = []
    for token in doc[first.i : first.i + 4]:
        initial = len(token.text) <= 2 and token.text.rstrip(".").isalpha() and token.is_title
        proper = token.is_alpha and token.is_title and token.pos_ == "PROPN"
        plain = strong and token.is_alpha and not token.is_stop and token.pos_ != "VERB"
        if not (proper or initial or plain):
            break
        tokens.append(token)
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def preceded_by_name_cue(text: str, start: int) -> bool:
    """Whether a name cue ("my name is", "Dr.") ends right before ``start``."""
    return any(cue.end() == start for cue in _NAME_CUE.finditer(text, max(0, start - 30), start))


def custom_recognizers() -> list[LocalRecognizer]:
    """The recognizers added to Presidio's predefined ones."""
    return [
        StreetAddressRecognizer(),
        ContextPhoneRecognizer(),
        CardNumberRecognizer(),
        NameCueRecognizer(),
    ]
