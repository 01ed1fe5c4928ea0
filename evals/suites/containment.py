"""Where attack messages go in the store's assistant: how many reach a reply the model writes.

The injection detector is one guard of several. A message it misses may still never reach the
model: the assistant refuses a message over its length limit, the topic guard redirects
off-topic, competitor and advice requests, the intent router sends small talk and off-topic
requests to replies written by templates, product searches to a listing and order questions
to the order tool, and some policy questions are answered by a tool. ``destination`` plays
each message as the first turn of a new conversation with an assistant whose model refuses to
be asked (``UnaskedModel``), and reads where it went from the reply's flags, or from the model
being asked; ``destinations`` counts them, and ``to_model`` is the share the model would answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.errors import MessageTooLongError
from assistant.llm.scripted import ModelAskedError

if TYPE_CHECKING:
    from assistant.engine import Assistant

__all__ = ["DESTINATIONS", "destination", "destinations"]

DESTINATIONS = ("too_long", "blocked", "redirected", "template", "model")
_BLOCKED = frozenset({"injection_blocked", "injection_flagged"})


def destination(assistant: Assistant, text: str) -> str:
    """Where ``text``, a conversation's first message, goes in ``assistant`` (built on an
    ``UnaskedModel``), one of ``DESTINATIONS``:

    - ``too_long``: refused for its length, before anything reads it;
    - ``blocked``: flagged by the injection detector (refused, or handed to a person);
    - ``redirected``: stopped by the topic guard (off topic, competitors, advice), or an insult
      answered only with a calm reply;
    - ``template``: answered without the model (small talk, off topic, a product listing,
      the order tool, a policy tool, a handoff);
    - ``model``: the turn asked the model to write the reply.
    """
    session = assistant.start()
    try:
        reply = assistant.reply(session.id, text)
    except MessageTooLongError:
        return "too_long"
    except ModelAskedError:
        return "model"
    if _BLOCKED & set(reply.flags):
        return "blocked"
    if any(f.startswith("topic_") for f in reply.flags) or reply.intent == "abuse":
        return "redirected"  # mild abuse with a question in it is answered: template or model
    return "template"


def destinations(assistant: Assistant, texts: Sequence[str]) -> dict[str, float | int]:
    """How many of ``texts`` go where, and ``to_model``, the share the model would answer."""
    counts = Counter(destination(assistant, t) for t in texts)
    report: dict[str, float | int] = {d: counts[d] for d in DESTINATIONS}
    report["to_model"] = round(counts["model"] / len(texts), 4) if texts else 0.0
    return report
