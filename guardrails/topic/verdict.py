"""What the topic guard decides about one shopper message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TopicKind = Literal["ok", "abuse", "competitor", "advice", "off_topic"]
AdviceDomain = Literal["medical", "legal", "financial"]
Severity = Literal["mild", "severe"]

KINDS: tuple[TopicKind, ...] = ("ok", "abuse", "competitor", "advice", "off_topic")
ADVICE_DOMAINS: tuple[AdviceDomain, ...] = ("medical", "legal", "financial")


@dataclass(frozen=True)
class TopicVerdict:
    """The kind of a message and why, without any of the shopper's words.

    ``reason`` names the rule family that decided (``"abuse:threat"``,
    ``"competitor:named"``, ``"advice:medical"``), so it is safe to log. ``domain`` is set for
    advice, ``severity`` for abuse, and ``subject`` is the canonical name of a competitor the
    message names (from the lexicon or the config, never the shopper's spelling).

    Kind ``"ok"`` with severity ``"mild"`` is the calm-down flag: the message swears, but not
    at anyone ("my damn boots leaked"). Answer it normally. Abuse with severity ``"mild"`` is
    aimed at the assistant or the staff ("you stupid bot"): answer any question it holds and
    stay calm. Severity ``"severe"`` (threats, slurs, sexual harassment) is for refusing and
    handing off.
    """

    kind: TopicKind
    reason: str
    domain: AdviceDomain | None = None
    severity: Severity | None = None
    subject: str | None = None

    @property
    def flagged(self) -> bool:
        """Whether the assistant should do anything other than answer normally."""
        return self.kind != "ok"


#: The verdict on a message with nothing to flag.
OK = TopicVerdict("ok", "ok")
