"""Documents cut into sentence-sized windows, so one planted sentence is judged on its own.

Lines are read first: a blank line, a heading, a bullet or numbered item, or a line after one
that ends a sentence starts a new piece; any other line break is a hard wrap inside a sentence
and joins the lines. Within a piece, a sentence ends at ``.``, ``!`` or ``?`` followed by a
space and anything but a lower-case letter (a capital, a digit, a quote, a markdown mark).
Runs of short pieces ("Cushioned. Grippy.") are joined together and then to the window before
them, not to the sentence after them: a planted instruction stays a window of its own instead of
being diluted by the product copy in front of it. Headings are windows of their own.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b\d\.)\s+(?=[^\sa-z])")  # not after "1."
_ITEM = re.compile(r"(?:[-*•>#|+]|\d{1,3}[.)])\s")
_ENDS_SENTENCE = ".!?:"
MIN_WINDOW_CHARS = 25
MAX_WINDOW_CHARS = 400


def split_windows(text: str) -> list[str]:
    """``text`` as sentence-sized windows: short pieces joined together, long ones cut."""
    windows: list[str] = []
    short = ""
    for piece in (p for block in _blocks(text) for p in _SENTENCE_END.split(block)):
        piece = piece.strip()
        if not piece:
            continue
        if piece.startswith("#"):  # a heading stands alone: it belongs to neither neighbour
            if short:
                _attach(windows, short)
                short = ""
            windows.extend(_cut(piece))
            continue
        if len(piece) < MIN_WINDOW_CHARS:
            short = f"{short} {piece}".strip()
            if len(short) < MIN_WINDOW_CHARS:
                continue
            piece, short = short, ""
        elif short:
            _attach(windows, short)
            short = ""
        windows.extend(_cut(piece))
    if short:
        _attach(windows, short)
    return windows


def _blocks(text: str) -> list[str]:
    """``text`` as paragraphs, headings and list items, hard-wrapped lines joined."""
    blocks: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = line.strip()
        starts_item = bool(_ITEM.match(line)) or line.startswith("#")
        if current and (
            not line or starts_item or current[-1] in _ENDS_SENTENCE or current[0] == "#"
        ):
            blocks.append(current)
            current = ""
        current = f"{current} {line}".strip()
    if current:
        blocks.append(current)
    return blocks


def _attach(windows: list[str], short: str) -> None:
    """A run of short pieces onto the window before it (or alone, when there is none)."""
    if windows and len(windows[-1]) + len(short) < MAX_WINDOW_CHARS:
        windows[-1] = f"{windows[-1]} {short}"
    else:
        windows.append(short)


def _cut(piece: str) -> list[str]:
    """A long piece in near-equal parts, each cut at a space where there is one: no stub of
    a few letters is left to be judged on its own."""
    parts: list[str] = []
    while len(piece) > MAX_WINDOW_CHARS:
        count = -(-len(piece) // MAX_WINDOW_CHARS)
        target = -(-len(piece) // count)
        space = piece.rfind(" ", target // 2, target + 1)
        at = space if space > 0 else target
        parts.append(piece[:at].strip())
        piece = piece[at:].strip()
    return [*parts, piece] if piece else parts
