"""Retrieved text checked for planted instructions before the model reads it.

Ingest already quarantines flagged content (``guardrails.screen``), and stamps what it indexed
with the rules' version (``screened_by``). A chunk stamped with the current version is trusted;
anything else (indexed under older rules, or read from the store DB) is checked here, once per
text per process, and a flagged one is dropped from the prompt and reported.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guardrails.injection.detector import InjectionDetector, InjectionVerdict

log = logging.getLogger(__name__)


class SourceGuard:
    """Says whether a retrieved text may go into the prompt."""

    def __init__(
        self, detector: InjectionDetector | None, version: str, *, remember: int = 4096
    ) -> None:
        self.version = version
        self._detector = detector
        self._remember = remember
        self._verdicts: OrderedDict[str, InjectionVerdict] = OrderedDict()

    def allows(self, record_id: str, text: str, screened_by: object = None) -> bool:
        """False when ``text`` carries a planted instruction (logged with ``record_id``)."""
        if self._detector is None or screened_by == self.version or not text.strip():
            return True
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._detector.check(text, kind="document")
            self._verdicts[key] = verdict
            if len(self._verdicts) > self._remember:
                self._verdicts.popitem(last=False)
        else:
            self._verdicts.move_to_end(key)
        if verdict.flagged:
            log.warning("retrieved source dropped: %s (%s)", record_id, ", ".join(verdict.reasons))
        return not verdict.flagged
