"""Abuse: insults and swearing aimed at the assistant or staff, threats, slurs, harassment.

Severe first: slurs anywhere, threats and incitement to self-harm, sexual harassment, hate.
Then mild: swearing or name-calling aimed at the assistant, the staff or a person ("you stupid
bot", "your rep is an incompetent moron", "fuck off", "this bot is useless, damn it"). Swearing
aimed at no one ("my damn boots leaked") and complaints ("useless", "this site sucks") are not
abuse; the first is reported as kind ok with severity mild so the caller can answer calmly.
"""

from __future__ import annotations

import re

from guardrails.topic.lexicon import AbuseLexicon, compile_patterns, words_alternation
from guardrails.topic.text import Readings
from guardrails.topic.verdict import TopicVerdict

_YOU = r"(?<![a-z'])(?:you're|youre|you\s+are|u\s+r|you|ya|ur|u)(?![a-z'])"
_VICTIM = (
    r"(?:you|u|ya|y'all|yall|him|her|them|everyone|everybody|whoever"
    r"|(?:your|ur|the|this|that|a|an|every|each|any|the\s+next|one\s+of\s+(?:your|the))\s+"
    r"(?:[\w']+\s+){0,2}?(?:<assistant>|<staff>|<others>|family|kids|children|wife|husband|"
    r"face|head|neck|ass|legs|teeth))(?![a-z])"
)

_PROFANITY = TopicVerdict("ok", "profanity:undirected", severity="mild")


class AbuseCheck:
    """Finds abuse in a message's readings (see ``guardrails.topic.text``)."""

    def __init__(self, lexicon: AbuseLexicon, *, reach_words: int) -> None:
        words = {
            "profanity": words_alternation(lexicon.profanity, loose=True),
            "swear_at": words_alternation(lexicon.swear_at, loose=True),
            "insult": words_alternation(lexicon.insults, loose=True),
            "slur": words_alternation(lexicon.slurs, loose=True),
            "assistant": words_alternation(lexicon.assistant),
            "staff": words_alternation(lexicon.staff),
            "others": words_alternation(lexicon.others),
        }
        words["you"] = _YOU
        words["victim"] = compile_patterns([_VICTIM], "abuse victim", words).pattern
        blockers = words_alternation(lexicon.blockers)
        aimed = rf"{_YOU}(?:\s+(?!{blockers})[a-z'*]+){{0,{reach_words}}}?\s+(?:{words['insult']})"
        self._severe: tuple[tuple[str, re.Pattern[str]], ...] = (
            ("slur", re.compile(words["slur"])),
            ("threat", compile_patterns(lexicon.threats, "abuse.yaml threats", words)),
            ("sexual", compile_patterns(lexicon.sexual, "abuse.yaml sexual", words)),
            ("hate", compile_patterns(lexicon.hate, "abuse.yaml hate", words)),
        )
        self._directed = compile_patterns([*lexicon.directed, aimed], "abuse.yaml directed", words)
        self._profanity = re.compile(words["profanity"])
        self._harmless = compile_patterns(lexicon.not_abuse, "abuse.yaml not_abuse")

    def check(self, readings: Readings) -> TopicVerdict | None:
        """Abuse (mild or severe), the undirected-profanity flag, or None."""
        texts = [self._harmless.sub(" ", text) for text in readings.variants]
        for family, pattern in self._severe:
            if any(pattern.search(text) for text in texts):
                return TopicVerdict("abuse", f"abuse:{family}", severity="severe")
        if any(self._directed.search(text) for text in texts):
            return TopicVerdict("abuse", "abuse:directed", severity="mild")
        if any(self._profanity.search(text) for text in texts):
            return _PROFANITY
        return None
