"""Writing a grounded answer with the chat model, with a fallback built from the records.

The model's text streams out as it is written. If the model is unavailable, times out or
fails part-way, the shopper still gets an answer: the sources' own facts, phrased by a
template, after a ``Reset`` if some text had already been sent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass

from assistant.attribution import attribute, tidy
from assistant.conversation.state import HistoryMessage
from assistant.llm.base import ChatModel, LLMError, Sampling
from assistant.prompt import Persona, Source, build_messages
from assistant.reply import Citation, Delta, Reset, TurnEvent

log = logging.getLogger(__name__)

_REF = re.compile(r"\[(\d{1,2})\]")
_UNSURE = re.compile(
    r"\b(?:(?:do\s*n[o']?t|did\s*n[o']?t|could\s*n[o']?t|can\s*n[o']?t|cannot)\s+"
    r"(?:know|find|see|tell|say)|not\s+sure|no\s+information|not\s+(?:mentioned|listed|stated))\b",
    re.I,
)


@dataclass(frozen=True)
class Generated:
    """The model's text (or the fallback's) and what happened."""

    text: str
    fell_back: bool
    unsure: bool


class AnswerWriter:
    """Streams the model's answer over numbered sources."""

    def __init__(self, model: ChatModel, persona: Persona, sampling: Sampling | None = None):
        self._model = model
        self._persona = persona
        self._sampling = sampling or Sampling(max_tokens=160, stop=("\nShopper", "\nSources:"))

    def write(
        self,
        sources: Sequence[Source],
        history: Sequence[HistoryMessage],
        question: str,
        fallback: str,
    ) -> Generator[TurnEvent, None, Generated]:
        """Yield ``Delta``s (and a ``Reset`` on a mid-reply failure); return the result."""
        messages = build_messages(self._persona, sources, history, question)
        pieces: list[str] = []
        try:
            for piece in self._model.stream(messages, self._sampling):
                pieces.append(piece)
                yield Delta(piece)
        except LLMError as exc:
            log.warning("llm failed; answering from the records", extra={"error": str(exc)})
            if pieces:
                yield Reset("llm_failed")
            yield Delta(fallback)
            return Generated(fallback, fell_back=True, unsure=False)
        text = attribute(tidy("".join(pieces)), sources)
        if not text:
            yield Delta(fallback)
            return Generated(fallback, fell_back=True, unsure=False)
        return Generated(text, fell_back=False, unsure=bool(_UNSURE.search(text)))


def resolve_citations(
    text: str, sources: Sequence[Source]
) -> tuple[str, list[Citation], list[str]]:
    """The text with references to missing sources removed, the cited sources, and flags."""
    by_ref = {s.ref: s for s in sources}
    cited: dict[int, Source] = {}
    flags: list[str] = []

    def keep(match: re.Match[str]) -> str:
        ref = int(match.group(1))
        if ref in by_ref:
            cited.setdefault(ref, by_ref[ref])
            return match.group(0)
        if "invalid_citation" not in flags:
            flags.append("invalid_citation")
        return ""

    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", _REF.sub(keep, text)).strip()
    if sources and not cited:
        flags.append("uncited")
    citations = [
        Citation(id=s.id, kind=s.kind, title=s.title, ref=s.ref)
        for s in sorted(cited.values(), key=lambda s: s.ref)
    ]
    return cleaned, citations, flags
