"""``aisle chat`` end to end: the real CLI, the real local model, a real ingested store."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import AISLE, aisle_env

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An AISLE_HOME with the mini store ingested (once for this module)."""
    home = tmp_path_factory.mktemp("chat") / "home"
    done = _aisle(home, "ingest", FIXTURES / "mini-store", "--json")
    assert done.returncode == 0, done.stderr
    return home


def _aisle(home: Path, *args: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(AISLE), *map(str, args)],
        capture_output=True,
        text=True,
        env=aisle_env(home),
        input=stdin,
        timeout=600,
        check=False,
    )


def _once(home: Path, message: str, *session: str) -> dict[str, Any]:
    args = ["chat", "--once", message, "--json"]
    if session:
        args += ["--session", session[0]]
    done = _aisle(home, *args)
    assert done.returncode == 0, done.stderr
    reply: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return reply


def _cited_ids(reply: dict[str, Any]) -> set[str]:
    refs = {int(n) for n in re.findall(r"\[(\d+)\]", reply["text"])}
    cited = {c["ref"]: c["id"] for c in reply["citations"]}
    assert refs <= set(cited), "every [n] in the text names a citation"
    return set(cited.values())


def test_a_product_question_gets_the_right_fact_and_a_valid_citation(store: Path) -> None:
    reply = _once(store, "How many hours of battery do the Hush Pro earbuds get?")
    assert reply["intent"] == "product_question"
    assert re.search(r"\b8\b", reply["text"]), reply["text"]
    assert _cited_ids(reply) == {"P2"}
    assert reply["products"][0]["sku"] == "EAR-ANC-BLK"


def test_a_policy_question_gets_the_right_fact_and_a_valid_citation(store: Path) -> None:
    reply = _once(store, "How many days do I have to return something?")
    assert reply["intent"] == "policy_faq"
    assert "30" in reply["text"], reply["text"]
    assert "returns" in _cited_ids(reply)


def test_an_order_is_refused_without_proof_and_given_with_it(store: Path) -> None:
    asked = _once(store, "where is my order A1001?")
    assert "email address or postal code" in asked["text"]
    assert "delivered" not in asked["text"] and not asked["citations"]
    session = asked["session_id"]
    wrong = _once(store, "my email is not.jane@example.com", session)
    assert "couldn't find an order matching" in wrong["text"]
    verified = _once(store, "sorry, it's jane.doe@example.com", session)
    assert "A1001 has been delivered" in verified["text"]
    assert _cited_ids(verified) == {"A1001"}


def test_interactive_chat_greets_with_the_ai_disclosure(store: Path) -> None:
    done = _aisle(store, "chat", stdin="hello\nexit\n")
    assert done.returncode == 0, done.stderr
    assert "AI shopping assistant" in done.stdout and "not a person" in done.stdout
    assert "Hello! What can I help you find today?" in done.stdout


def test_an_unknown_session_is_a_clear_error(store: Path) -> None:
    done = _aisle(store, "chat", "--once", "hi", "--session", "nope", "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout.strip().splitlines()[-1])["error"]["code"] == (
        "UnknownSessionError"
    )
