"""Undo the cheap disguises attackers put on instructions before anything looks for them.

``normalise`` gives one canonical text: Unicode NFKC (full-width and styled letters become
plain ones), invisible format characters removed (zero-width spaces and joiners, soft hyphens,
bidi controls), look-alike letters from Cyrillic and Greek folded to Latin, whitespace collapsed.

``views`` adds the readings a model could still be talked into following: leetspeak folded
("1gn0r3" → "ignore"), embedded base64 and hex segments decoded when they decode to readable
text, and the whole text ROT13-decoded or reversed when that reads more like English than the
original does. Heuristics look at every view; the classifier reads the canonical text and any
decoded segments. Everything here is string work, a few microseconds per short message.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from collections.abc import Iterator

# Cyrillic and Greek letters that render like Latin ones (Unicode confusables, the common subset).
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
        "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "γ": "y",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)  # fmt: skip
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i", "|": "l", "+": "t"})  # fmt: skip
_LEET_TOKEN = re.compile(r"[A-Za-z0-9@$!|+]*[A-Za-z][A-Za-z0-9@$!|+]*")
_LEET_CHARS = re.compile(r"[0-9@$!|+]")
_TRAILING = "!+"  # after a word, punctuation ("wow!", "C++"), not letters ("ki||" is "kill")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # every Cc in ASCII but tab and newline
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){8,}(?![0-9A-Fa-f])")
_WORDS = re.compile(r"[a-z]+")
# Frequent English words, and the ones instructions are made of: a view that has more of
# them than the original reads more like English than the original does.
_COMMON = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "to",
        "of",
        "is",
        "are",
        "a",
        "in",
        "it",
        "this",
        "that",
        "for",
        "with",
        "all",
        "be",
        "as",
        "not",
        "now",
        "from",
        "what",
        "ignore",
        "instructions",
        "previous",
        "prompt",
        "system",
        "tell",
        "me",
        "say",
        "print",
        "reveal",
        "rules",
        "do",
        "must",
    ]
)
_MIN_DECODED_LETTERS = 0.6


def normalise(text: str) -> str:
    """``text`` in canonical form: NFKC, no invisible characters, Latin look-alikes, tidy spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _drop_invisible(text)
    text = text.translate(_HOMOGLYPHS)
    return _SPACES.sub(" ", text).strip()


def fold_leetspeak(text: str) -> str:
    """Digits and symbols read as letters inside words that also hold letters ("h4ck" → "hack").

    An exclamation mark or plus that ends a word stays punctuation: "ignore!" is not "ignorei",
    and a text whose only "leet" is its exclamation marks has no second reading to check.
    """

    def fold(match: re.Match[str]) -> str:
        token = match.group(0)
        core = token.rstrip(_TRAILING)
        if not _LEET_CHARS.search(core):
            return token
        return core.translate(_LEET) + token[len(core) :]

    return _LEET_TOKEN.sub(fold, text)


def decoded_segments(text: str) -> list[str]:
    """Base64 and hex segments of ``text`` that decode to readable text, decoded."""
    found: list[str] = []
    for match in _BASE64.finditer(text):
        token = match.group(0)
        if token.isalpha() and (token.islower() or token.isupper()):
            continue  # a long plain word, not an encoding
        decoded = _readable(_b64decode(token))
        if decoded:
            found.append(decoded)
    for match in _HEX.finditer(text):
        digits = re.sub(r"[ :]", "", match.group(0))
        try:
            decoded = _readable(bytes.fromhex(digits))
        except ValueError:
            continue
        if decoded:
            found.append(decoded)
    return found


def views(text: str) -> list[str]:
    """The canonical text first, then every other reading of it worth checking (no duplicates)."""
    return list(readings(normalise(text)))


def readings(canonical: str) -> Iterator[str]:
    """``views`` of an already ``normalise``d text, each made only when asked for: a rule that
    matches the canonical text spares the work of decoding the rest."""
    seen: set[str] = set()
    for reading in _candidates(canonical):
        if reading and reading not in seen:
            seen.add(reading)
            yield reading


def _candidates(canonical: str) -> Iterator[str]:
    yield canonical
    yield fold_leetspeak(canonical)
    yield from decoded_segments(canonical)
    english = _english_score(canonical)
    for other in (codecs.decode(canonical, "rot13"), canonical[::-1]):
        if _english_score(other) > max(english, 1) * 2:
            yield other


def _drop_invisible(text: str) -> str:
    """``text`` without ``_invisible`` characters. ASCII has none but its control characters, so
    only runs of other characters are looked at one by one (a long message is mostly ASCII)."""
    text = _ASCII_CONTROLS.sub("", text)
    return _NON_ASCII.sub(lambda run: "".join(ch for ch in run[0] if not _invisible(ch)), text)


def _invisible(ch: str) -> bool:
    """Format characters (zero-width, bidi controls, soft hyphen) and stray control characters."""
    category = unicodedata.category(ch)
    return category == "Cf" or (category == "Cc" and ch not in "\n\t")


def _b64decode(token: str) -> bytes:
    padded = token + "=" * (-len(token) % 4)
    try:
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return b""


def _readable(raw: bytes) -> str:
    """``raw`` as text if it is mostly letters and spaces, else the empty string."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if len(decoded) < 6 or not decoded.isprintable():
        return ""
    letters = sum(ch.isalpha() or ch.isspace() for ch in decoded)
    return normalise(decoded) if letters / len(decoded) >= _MIN_DECODED_LETTERS else ""


def _english_score(text: str) -> int:
    return sum(word in _COMMON for word in _WORDS.findall(text.lower()))
