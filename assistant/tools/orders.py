"""Order status, only for the shopper who proves the order is theirs.

A lookup needs the order number plus the email address or postal code used at checkout; both
are compared as keyed hashes (orders store nothing else). Every failure gets the same answer,
whether the order exists or not, and costs the same work, so the tool cannot be used to learn
which order numbers exist. Failures are counted per client and per order in the store DB
(shared by every replica): past the limit, lookups are refused until the window passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from ingest.identity import IdentityHasher
from ingest.storedb.models import LookupFailureRow, OrderRow

NOT_VERIFIED = (
    "I couldn't find an order matching those details. Please check the order number and use "
    "the email address or postal code you gave at checkout."
)
NEEDS_PROOF = (
    "I can look that up. Please send the order number together with the email address or "
    "postal code used at checkout."
)
_NO_ORDER = "0" * 64  # compared against when the order does not exist: same work either way


@dataclass(frozen=True)
class LookupLimits:
    """How many failed lookups are allowed in a window, per client and per order."""

    window: timedelta = timedelta(minutes=15)
    per_client: int = 5
    per_order: int = 10


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    sku: str
    quantity: int
    unit_price: Decimal | None


@dataclass(frozen=True)
class OrderView:
    """What a verified shopper may see of their order (no names or addresses are stored)."""

    order_id: str
    status: str
    placed_at: datetime
    shipped_at: datetime | None
    delivered_at: datetime | None
    carrier: str | None
    tracking_number: str | None
    shipping_method: str | None
    items: tuple[OrderItem, ...]
    total: Decimal | None
    currency: str


@dataclass(frozen=True)
class LookupOutcome:
    """The order when verified; otherwise a message safe to show, and when to retry."""

    order: OrderView | None
    message: str | None = None
    retry_after_s: int | None = None

    @property
    def verified(self) -> bool:
        """Whether the shopper proved the order is theirs."""
        return self.order is not None


class OrderLookup:
    """The order-status tool."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        hasher: IdentityHasher,
        *,
        limits: LookupLimits | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._hasher = hasher
        self._limits = limits or LookupLimits()
        self._clock = clock

    def lookup(
        self,
        order_id: str,
        *,
        client: str,
        email: str | None = None,
        postal_code: str | None = None,
    ) -> LookupOutcome:
        """The order ``order_id`` if ``email`` or ``postal_code`` matches it, for ``client``."""
        if not (email and email.strip()) and not (postal_code and postal_code.strip()):
            return LookupOutcome(None, NEEDS_PROOF)
        order_id = order_id.strip().lstrip("#").upper()
        now = self._clock()
        subjects = {
            "client": "client:" + self._hasher.digest("lookup-client", client),
            "order": "order:" + self._hasher.digest("lookup-order", order_id),
        }
        with self._sessions.begin() as session:
            wait = self._blocked_for(session, subjects, now)
            if wait is not None:
                minutes = max(1, math.ceil(wait / 60))
                return LookupOutcome(
                    None,
                    f"Too many attempts to look up orders. Please try again in {minutes} "
                    "minute(s), or ask to talk to a person.",
                    retry_after_s=wait,
                )
            row = session.get(OrderRow, order_id)
            if not self._proves(row, email, postal_code):
                session.add_all(LookupFailureRow(subject=s, at=now) for s in subjects.values())
                return LookupOutcome(None, NOT_VERIFIED)
            assert row is not None  # _proves is False for a missing order
            return LookupOutcome(_view(row))

    def _proves(self, row: OrderRow | None, email: str | None, postal_code: str | None) -> bool:
        stored_email = row.email_hash if row is not None else _NO_ORDER
        stored_postal = row.postal_hash if row is not None else _NO_ORDER
        email_ok = bool(email) and self._hasher.matches(
            stored_email, self._hasher.email(email or "")
        )
        postal_ok = bool(postal_code) and self._hasher.matches(
            stored_postal, self._hasher.postal_code(postal_code or "")
        )
        return row is not None and (email_ok or postal_ok)

    def _blocked_for(self, session: Session, subjects: dict[str, str], now: datetime) -> int | None:
        """Seconds until the client or the order may try again, or None if not blocked."""
        since = now - self._limits.window
        session.execute(delete(LookupFailureRow).where(LookupFailureRow.at < since))
        caps = {"client": self._limits.per_client, "order": self._limits.per_order}
        waits = []
        for name, subject in subjects.items():
            count, oldest = session.execute(
                select(func.count(), func.min(LookupFailureRow.at)).where(
                    LookupFailureRow.subject == subject, LookupFailureRow.at >= since
                )
            ).one()
            if count >= caps[name] and oldest is not None:
                oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
                waits.append(max(1, int((oldest + self._limits.window - now).total_seconds())))
        return max(waits) if waits else None


def _view(row: OrderRow) -> OrderView:
    return OrderView(
        order_id=row.order_id,
        status=row.status,
        placed_at=row.placed_at,
        shipped_at=row.shipped_at,
        delivered_at=row.delivered_at,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        shipping_method=row.shipping_method,
        items=tuple(_item(i) for i in row.items),
        total=row.total,
        currency=row.currency,
    )


def _item(raw: dict[str, Any]) -> OrderItem:
    price = raw.get("unit_price")
    return OrderItem(
        sku=str(raw.get("sku", "")),
        quantity=int(raw.get("qty", 1)),
        unit_price=Decimal(str(price)) if price is not None else None,
    )
