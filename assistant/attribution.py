"""Tidying a small model's answer and attributing its uncited sentences to their sources.

A 0.5B model often answers correctly but forgets the ``[n]``, or opens with ``[1] Policy: Q: …
A: …`` copied from the prompt. ``tidy`` removes the copied labels; ``attribute`` adds a citation
to a sentence only when that sentence demonstrably comes from one source: every number in it
appears in the source, and most of its content words do (half, when it has numbers). A
sentence that cannot be attributed stays uncited (and the reply is flagged), so a citation is
never invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.prompt import Source

MIN_CONTENT_OVERLAP = 0.6  # share of a sentence's content words found in the source
MIN_OVERLAP_WITH_NUMBERS = 0.5  # when its numbers all match too, a strong signal already
_LEADING_REF = re.compile(r"^\s*\[(\d{1,2})\]\s*")
_LABEL = re.compile(r"^(?:Policy|FAQ|Product|Details|Description):\s*", re.I)
_QUESTION_ECHO = re.compile(r"^Q:\s.*?\?\s*A:\s*", re.S)
_REF = re.compile(r"\[\d{1,2}\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an and are as at be by can do does for from has have i if in is it its of on or our "
        "so that the their them they this to was we will with you your yes no not",
    )
)


def tidy(text: str) -> str:
    """The answer without a leading ``[n]`` and source labels the model copied from the prompt."""
    ref = ""
    match = _LEADING_REF.match(text)
    if match:
        ref, text = f" [{match.group(1)}]", text[match.end() :]
    text = _QUESTION_ECHO.sub("", _LABEL.sub("", text.strip()))
    text = text.replace("**", "")
    if ref and not _REF.search(text):
        first, sep, rest = text.partition("\n")
        sentences = _SENTENCE.split(first, maxsplit=1)
        sentences[0] = _before_stop(sentences[0]) + ref + _stop_of(sentences[0])
        text = " ".join(sentences) + sep + rest
    return text.strip()


def attribute(text: str, sources: Sequence[Source]) -> str:
    """The answer with ``[n]`` added to each uncited sentence that comes from source n."""
    if not sources:
        return text
    out = []
    for line in text.split("\n"):
        sentences = _SENTENCE.split(line)
        out.append(" ".join(_attributed(s, sources) for s in sentences))
    return "\n".join(out)


def _attributed(sentence: str, sources: Sequence[Source]) -> str:
    if not sentence.strip() or _REF.search(sentence):
        return sentence
    best = _best_source(sentence, sources)
    if best is None:
        return sentence
    return _before_stop(sentence) + f" [{best.ref}]" + _stop_of(sentence)


def _best_source(sentence: str, sources: Sequence[Source]) -> Source | None:
    numbers = set(_NUMBER.findall(sentence))
    words = {w for w in _WORD.findall(sentence.lower()) if w not in _STOP and len(w) > 2}
    if not words and not numbers:
        return None
    scored = []
    for source in sources:
        body = source.body.lower()
        if not numbers <= set(_NUMBER.findall(body)):
            continue  # a number the source does not have: not from this source
        known = {w for w in words if w in body or w.rstrip("s") in body}
        overlap = len(known) / len(words) if words else 1.0
        if overlap >= (MIN_OVERLAP_WITH_NUMBERS if numbers else MIN_CONTENT_OVERLAP):
            scored.append((overlap, -source.ref, source))
    return max(scored)[2] if scored else None


def _before_stop(sentence: str) -> str:
    return sentence.rstrip().rstrip(".!?")


def _stop_of(sentence: str) -> str:
    stripped = sentence.rstrip()
    return stripped[len(stripped.rstrip(".!?")) :] or ""
