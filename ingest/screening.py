"""Guardrail screening of store content at ingest: quarantine planted instructions, redact PII.

Every product, policy section and FAQ is screened before anything is written
(``guardrails.screen.ContentScreen``): a flagged one is quarantined (kept out of the store DB,
the vector store and the lexical index, and listed in the run report with its reasons) and
personal data in the rest is replaced (``<PHONE_NUMBER>``). Verdicts are kept in the store DB
under the sha256 of the rules' version and the text, so a text is screened once per rules
version: an unchanged catalog re-ingests without a single check, and changed rules re-scan it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from guardrails.screen import ContentScreen, Screened
from ingest.schemas import Faq, PolicyDoc, Product
from ingest.storedb.models import ContentScreenRow

Advance = Callable[[int], None]
_LOOKUP_BATCH = 500


class QuarantineEntry(BaseModel):
    """A record kept out of every index because the guardrails flagged it."""

    kind: str  # products | policies | faqs
    record_id: str
    source: str
    reasons: list[str]


@dataclass
class ScreenOutcome:
    """What screening did to one kind of record."""

    quarantined: list[QuarantineEntry] = field(default_factory=list)
    pii_redacted: int = 0  # records with personal data replaced


@dataclass(frozen=True)
class _Item:
    check: str
    redact: str | None = None

    @property
    def target(self) -> str:
        return self.check if self.redact is None else self.redact


class ScreenFactory(Protocol):
    """Builds a run's screen from the catalog's names (never PII) and the store's contacts."""

    def __call__(self, allow_terms: Sequence[str], contacts: Sequence[str]) -> ContentScreen:
        """A screen for one ingest run."""
        ...


class ContentScreening:
    """Screens one run's records through ``screen``, remembering verdicts in the store DB."""

    def __init__(
        self,
        screen: ContentScreen,
        sessions: sessionmaker[Session],
        *,
        now: datetime,
        dry_run: bool = False,
    ) -> None:
        self._screen = screen
        self._sessions = sessions
        self._now = now
        self._dry_run = dry_run
        self._outcomes: dict[str, ScreenOutcome] = {}
        # the stamp retrieval trusts: only when planted instructions were actually looked for
        self.stamp = screen.version if screen.checks_injection else None

    def outcome(self, kind: str) -> ScreenOutcome:
        """What screening did to ``kind`` (products | policies | faqs) in this run."""
        return self._outcomes.setdefault(kind, ScreenOutcome())

    def products(
        self, products: Sequence[Product], text_of: Callable[[Product], str], advance: Advance
    ) -> list[Product]:
        """Products checked whole (``text_of``); only their descriptions are redacted."""
        verdicts = self._verdicts(
            [_Item(text_of(p), p.description or "") for p in products], advance
        )
        kept, outcome = [], self.outcome("products")
        for product, verdict in zip(products, verdicts, strict=True):
            if verdict.quarantined:
                outcome.quarantined.append(
                    QuarantineEntry(
                        kind="products",
                        record_id=product.product_id,
                        source=product.source,
                        reasons=verdict.reasons,
                    )
                )
                continue
            if verdict.pii_types:
                outcome.pii_redacted += 1
                product = product.model_copy(update={"description": verdict.text or None})
            kept.append(product)
        return kept

    def policies(self, policies: Sequence[PolicyDoc], advance: Advance) -> list[PolicyDoc]:
        """Policies screened section by section; a flagged section is dropped on its own."""
        items = [_Item(s.text) for p in policies for s in p.sections]
        verdicts = iter(self._verdicts(items, advance))
        kept, outcome = [], self.outcome("policies")
        for policy in policies:
            sections = []
            redacted = False
            for section in policy.sections:
                verdict = next(verdicts)
                if verdict.quarantined:
                    outcome.quarantined.append(
                        QuarantineEntry(
                            kind="policies",
                            record_id=f"{policy.doc_id}#{section.heading}",
                            source=policy.source,
                            reasons=verdict.reasons,
                        )
                    )
                    continue
                redacted |= bool(verdict.pii_types)
                sections.append(section.model_copy(update={"text": verdict.text}))
            outcome.pii_redacted += redacted
            if sections:
                kept.append(policy.model_copy(update={"sections": sections}))
        return kept

    def faqs(self, faqs: Sequence[tuple[str, Faq]], advance: Advance) -> list[tuple[str, Faq]]:
        """FAQs (with their source files) checked as question and answer; answers redacted."""
        verdicts = self._verdicts(
            [_Item(f"{faq.question}\n{faq.answer}", faq.answer) for _, faq in faqs], advance
        )
        kept, outcome = [], self.outcome("faqs")
        for (source, faq), verdict in zip(faqs, verdicts, strict=True):
            if verdict.quarantined:
                outcome.quarantined.append(
                    QuarantineEntry(
                        kind="faqs", record_id=faq.faq_id, source=source, reasons=verdict.reasons
                    )
                )
                continue
            if verdict.pii_types:
                outcome.pii_redacted += 1
                faq = faq.model_copy(update={"answer": verdict.text})
            kept.append((source, faq))
        return kept

    def _verdicts(self, items: list[_Item], advance: Advance) -> list[Screened]:
        """One verdict per item: remembered ones from the store DB, the rest screened now."""
        digests = [self._digest(item) for item in items]
        known = self._known(set(digests))
        fresh: dict[str, Screened] = {}
        for digest, item in zip(digests, items, strict=True):
            if digest in known or digest in fresh:
                continue
            fresh[digest] = self._screen.screen(item.check, item.redact)
            advance(1)
        if fresh and not self._dry_run:
            self._remember(fresh)
        return [known.get(d) or fresh[d] for d in digests]

    def _digest(self, item: _Item) -> str:
        payload = "\x00".join((self._screen.version, item.check, item.target))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _known(self, digests: Iterable[str]) -> dict[str, Screened]:
        wanted = sorted(digests)
        found: dict[str, Screened] = {}
        with self._sessions() as session:
            for start in range(0, len(wanted), _LOOKUP_BATCH):
                rows = session.scalars(
                    select(ContentScreenRow).where(
                        ContentScreenRow.digest.in_(wanted[start : start + _LOOKUP_BATCH])
                    )
                )
                for row in rows:
                    found[row.digest] = Screened(
                        text=row.text or "",
                        quarantined=row.quarantined,
                        reasons=list(row.reasons),
                        pii_types=list(row.pii_types),
                    )
        return found

    def _remember(self, fresh: dict[str, Screened]) -> None:
        with self._sessions.begin() as session:
            for digest, verdict in fresh.items():
                session.merge(
                    ContentScreenRow(
                        digest=digest,
                        rules_version=self._screen.version,
                        quarantined=verdict.quarantined,
                        reasons=verdict.reasons,
                        pii_types=verdict.pii_types,
                        text=None if verdict.quarantined else verdict.text,
                        screened_at=self._now,
                    )
                )
