"""Order status only for the shopper who proves the order is theirs, on a real store DB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.composition import Components
from assistant.tools.orders import NEEDS_PROOF, NOT_VERIFIED, LookupLimits, OrderLookup
from ingest.storedb.models import LookupFailureRow

pytestmark = pytest.mark.integration


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(mini_store: Path, components: Components, ingest: Any) -> Components:
    """The mini store (orders A1001–A1003) ingested."""
    ingest(mini_store)
    return components


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lookup(store: Components, clock: Clock) -> OrderLookup:
    return OrderLookup(store.sessions, store.hasher, clock=clock)


@pytest.mark.parametrize(
    ("order_id", "proof", "status"),
    [
        ("A1001", {"email": "jane.doe@example.com"}, "delivered"),
        ("#a1001", {"email": "  Jane.Doe@Example.com "}, "delivered"),
        ("A1002", {"postal_code": "k1a0b1"}, "shipped"),
        ("A1002", {"postal_code": "K1A-0B1", "email": "wrong@example.com"}, "shipped"),
    ],
)
def test_the_owner_sees_the_order(
    lookup: OrderLookup, order_id: str, proof: dict[str, str], status: str
) -> None:
    outcome = lookup.lookup(order_id, client="s1", **proof)
    assert outcome.verified and outcome.order is not None and outcome.message is None
    assert outcome.order.status == status and outcome.order.items


def test_shipped_order_carries_tracking(lookup: OrderLookup) -> None:
    order = lookup.lookup("A1002", client="s1", email="omar@example.org").order
    assert order is not None
    assert (order.carrier, order.tracking_number) == ("Canada Post", "7023210039414604")
    assert order.items[0].sku == "LAMP-200" and order.items[0].quantity == 2


def test_a_wrong_proof_and_a_missing_order_get_the_same_answer(lookup: OrderLookup) -> None:
    wrong = lookup.lookup("A1001", client="s1", email="omar@example.org")  # another's email
    missing = lookup.lookup("A9999", client="s2", email="jane.doe@example.com")
    assert wrong == missing
    assert not wrong.verified and wrong.message == NOT_VERIFIED


def test_no_proof_asks_for_it_and_is_not_a_failure(lookup: OrderLookup, store: Components) -> None:
    assert lookup.lookup("A1001", client="s1").message == NEEDS_PROOF
    assert lookup.lookup("A1001", client="s1", email="  ").message == NEEDS_PROOF
    with store.sessions() as session:
        assert session.scalars(select(LookupFailureRow)).all() == []


def test_guessing_is_stopped_per_client_until_the_window_passes(
    lookup: OrderLookup, clock: Clock
) -> None:
    for n in range(LookupLimits().per_client):
        assert lookup.lookup(f"A{2000 + n}", client="guesser", email="x@example.com").message == (
            NOT_VERIFIED
        )
    blocked = lookup.lookup("A1001", client="guesser", email="jane.doe@example.com")
    assert not blocked.verified and blocked.retry_after_s and blocked.retry_after_s <= 15 * 60
    assert "Too many attempts" in (blocked.message or "")
    assert lookup.lookup("A1001", client="someone-else", email="jane.doe@example.com").verified
    clock.now += timedelta(minutes=16)
    assert lookup.lookup("A1001", client="guesser", email="jane.doe@example.com").verified


def test_one_order_cannot_be_guessed_at_from_many_clients(lookup: OrderLookup) -> None:
    for n in range(LookupLimits().per_order):
        lookup.lookup("A1001", client=f"bot-{n}", postal_code=f"{10000 + n}")
    assert lookup.lookup("A1001", client="fresh", email="jane.doe@example.com").retry_after_s


def test_failures_are_stored_without_raw_identifiers(
    lookup: OrderLookup, store: Components
) -> None:
    lookup.lookup("A1001", client="session-abc", email="omar@example.org")
    with store.sessions() as session:
        subjects = session.scalars(select(LookupFailureRow.subject)).all()
    assert len(subjects) == 2
    assert not any("A1001" in s or "session-abc" in s or "omar" in s for s in subjects)
