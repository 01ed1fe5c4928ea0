"""``aisle serve`` end to end: the real server process, the real local model, the widget in
real Chromium (Debian's ``chromium``, driven by Playwright; ``make browser`` installs it).

Screenshots are saved under ``AISLE_TEST_ARTIFACTS`` (default ``.artifacts/`` in the repo).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import AISLE, aisle_env
from tests.servers import free_port, serving, static_site

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("AISLE_TEST_ARTIFACTS", Path(__file__).parents[2] / ".artifacts"))


@pytest.fixture(scope="module")
def store_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of an AISLE_HOME with the mini store ingested."""
    env = aisle_env(tmp_path_factory.mktemp("serve") / "home")
    done = subprocess.run(
        [str(AISLE), "ingest", str(FIXTURES / "mini-store"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return env


@pytest.fixture(scope="module")
def server(
    store_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """``aisle serve`` on the mini store with the local model: (base URL, its log file)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    command = [str(AISLE), "serve", "--port", str(port)]
    with serving(command, f"{url}/readyz", log, timeout_s=300, env=store_env):
        yield url, log


def test_chat_with_the_local_model_over_http(server: tuple[str, Path]) -> None:
    url, log = server
    with httpx.Client(base_url=url, timeout=120) as client:
        created = client.post("/v1/sessions").json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        message = "Hi, I'm Priya Raman (priya.r@example.com). Can I return opened earbuds?"
        reply = client.post(
            "/v1/chat", json={"session_id": created["id"], "message": message}, headers=auth
        )
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["text"] and body["citations"], body
        assert all(c["kind"] in {"policy", "faq", "product", "order"} for c in body["citations"])
    requests = _access_log(log, until=lambda r: r["route"] == "/v1/chat" and r["status"] == 200)
    assert all(len(r["request_id"]) >= 8 for r in requests)
    text = log.read_text()
    for value in ("Priya", "priya.r@example.com", created["id"], created["token"]):
        assert value not in text


def _access_log(log: Path, until: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The server's request log lines, once one matches ``until`` (each line is written just
    after its response is sent, so the test may read the file first)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        requests = [line for line in lines if line.get("message") == "request"]
        if any(until(r) for r in requests):
            return requests
        assert time.monotonic() < deadline, f"no matching request in the log: {requests}"
        time.sleep(0.1)


def _browser() -> Any:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def test_the_widget_in_chromium(server: tuple[str, Path]) -> None:
    url, _ = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with _browser() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.set_default_timeout(120_000)
        page.goto(url)
        assert (
            "AI assistant" in page.get_by_text("You are chatting with an AI assistant").inner_text()
        )
        page.locator(".aisle-msg.assistant").first.wait_for()  # the greeting
        box = page.get_by_label("Your message")
        box.fill("waterproof hiking boots")
        box.press("Enter")
        card = page.locator(".aisle-msg.assistant .aisle-card").first
        card.wait_for()
        assert "Ridgeline" in card.inner_text() and "$" in card.inner_text()
        answered = page.locator(".aisle-msg.assistant").nth(1)
        assert answered.locator(".aisle-bubble").inner_text().strip()
        helpful = answered.get_by_role("button", name="Helpful", exact=True)
        helpful.click()
        page.wait_for_function(
            "el => el.getAttribute('aria-pressed') === 'true'", arg=helpful.element_handle()
        )
        page.locator("#aisle-quick button").first.click()
        page.locator(".aisle-msg.assistant").nth(2).locator(".aisle-rate").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390, "the widget scrolls sideways at phone width"
        page.screenshot(path=str(ARTIFACTS / "widget-phone.png"), full_page=True)
        users_before = page.locator(".aisle-msg.user").count()
        page.reload()  # the session survives a page load
        page.locator(".aisle-msg.user").first.wait_for()
        assert page.locator(".aisle-msg.user").count() == users_before == 2
        browser.close()
    assert (ARTIFACTS / "widget-phone.png").stat().st_size > 10_000


def test_the_widget_is_usable_by_keyboard(server: tuple[str, Path]) -> None:
    url, _ = server
    with _browser() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        page.goto(url)
        page.locator(".aisle-msg.assistant").first.wait_for()
        labelled = page.evaluate(
            "[...document.querySelectorAll('button, textarea')].every(e =>"
            " e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim())"
        )
        assert labelled, "every control has an accessible name"
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.tagName")
        assert focused in {"BUTTON", "TEXTAREA", "A"}
        page.get_by_label("Your message").focus()
        page.keyboard.type("Do you ship to Canada?")
        page.keyboard.press("Enter")
        page.locator(".aisle-msg.assistant").nth(1).locator(".aisle-rate").wait_for()
        assert page.locator("[aria-live]").count() >= 1
        browser.close()


def test_the_embed_snippet_opens_the_widget_on_a_store_page(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = server
    snippet = f'<script src="{url}/static/embed.js" defer></script>'  # what the README gives
    for page_name in ("boots", "tents"):
        html = f"<!doctype html><title>{page_name}</title><h1>Our {page_name}</h1>{snippet}"
        (tmp_path / f"{page_name}.html").write_text(html, encoding="utf-8")
    with _browser() as playwright, static_site(tmp_path) as store:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        page.goto(f"{store}/boots.html")  # the store's own site: another origin
        opener = page.get_by_role("button", name="Chat with us")
        assert opener.get_attribute("aria-expanded") == "false"
        opener.click()
        assert opener.get_attribute("aria-expanded") == "true"
        widget = page.frame_locator("#aisle-frame")
        widget.locator(".aisle-msg.assistant").first.wait_for()
        widget.get_by_label("Your message").fill("Do you sell tents?")
        widget.get_by_label("Your message").press("Enter")
        widget.locator(".aisle-msg.assistant").nth(1).locator(".aisle-rate").wait_for()
        page.goto(f"{store}/tents.html")  # the shopper moves to another page of the store
        page.get_by_role("button", name="Chat with us").click()
        kept = page.frame_locator("#aisle-frame").locator(".aisle-msg.user").first
        assert "tents" in kept.inner_text()
        browser.close()


def test_several_workers_serve_and_log_json(store_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "workers.log"
    command = [str(AISLE), "serve", "--port", str(port), "--workers", "2"]
    with serving(command, f"http://127.0.0.1:{port}/readyz", log, timeout_s=300, env=store_env):
        for _ in range(4):
            # each worker loads on its own: one still loading answers 503 with Retry-After
            deadline = time.monotonic() + 120
            created = httpx.post(f"http://127.0.0.1:{port}/v1/sessions", timeout=60)
            while created.status_code == 503 and time.monotonic() < deadline:
                time.sleep(float(created.headers["retry-after"]) / 5)
                created = httpx.post(f"http://127.0.0.1:{port}/v1/sessions", timeout=60)
            assert created.status_code == 201, created.text
        _access_log(log, until=lambda r: r["route"] == "/v1/sessions" and r["status"] == 201)
    assert "Started parent process" in log.read_text()
