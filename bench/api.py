"""API benchmark: latency and throughput of ``POST /v1/chat``, and time to first streamed token.

    python -m bench.api [--home DIR] [--requests 40] [--ttft-turns 5]

Part 1 (``scripted``) starts the server in a second process on localhost with the repeating
test model in place of the LLM (every turn runs routing, retrieval, guardrails, the records and
the database; the model answers instantly) and drives it from this process with 1, 8 and 32
concurrent clients, each in its own session, ``--requests`` requests per client level x the
level's share: p50/p95 latency and requests per second.

Part 2 (``local_model``) starts ``aisle serve`` on the bundled local model and streams
``--ttft-turns`` questions through ``POST /v1/chat/stream``: time to the first ``delta`` event
(the first checked sentence), and to ``done``.

The demo store is ingested into a temporary AISLE_HOME unless ``--home`` names an ingested one.
Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.assistant import DEMO_STORE, SECRET

MESSAGES = [
    "do you have waterproof hiking boots under $120 in size 10?",
    "can I return opened headphones?",
    "how much is shipping to Canada on a $90 order?",
    "what tent would you recommend for 2 people under $250",
    "do you price match?",
    "show me rain jackets",
]
TTFT_QUESTIONS = [
    "can I return opened headphones?",
    "how long does standard shipping take?",
    "what is your price match policy?",
    "do you ship to Canada?",
    "what is the warranty on tents?",
]
LEVELS = (1, 8, 32)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISLE_")}
    return env | {
        "AISLE_HOME": str(home),
        "AISLE_SECRET_KEY": SECRET,
        "AISLE_RATE_LIMIT": "1000000/minute",
        "HF_HUB_OFFLINE": "1",
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(command: list[str], home: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        command, env=_env(home), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 600
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"the server did not start: {log.read_text()[-2000:]}")
        time.sleep(0.5)


async def _client(http: httpx.AsyncClient, count: int, latencies: list[float]) -> None:
    created = (await http.post("/v1/sessions")).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    for n in range(count):
        body = {"session_id": created["id"], "message": MESSAGES[n % len(MESSAGES)]}
        started = time.perf_counter()
        response = await http.post("/v1/chat", json=body, headers=auth)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()


async def _level(url: str, clients: int, per_client: int) -> dict[str, Any]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(_client(http, per_client, latencies) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_ms": _pct(latencies, 0.5),
        "p95_ms": _pct(latencies, 0.95),
        "requests_per_s": round(len(latencies) / elapsed, 2),
    }


def scripted(home: Path, requests: int, workdir: Path) -> list[dict[str, Any]]:
    """Part 1: the server with the repeating model, 1/8/32 concurrent clients."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "bench.api", "--serve-scripted", str(port)]
    server = _start(command, home, url, workdir / "scripted.log")
    try:
        asyncio.run(_level(url, 1, 4))  # warm up
        return [asyncio.run(_level(url, c, max(2, requests // c))) for c in LEVELS]
    finally:
        server.terminate()
        server.wait(timeout=30)


def local_model(home: Path, turns: int, workdir: Path) -> dict[str, Any]:
    """Part 2: ``aisle serve`` on the local model; time to the first streamed delta."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    aisle = str(Path(sys.executable).with_name("aisle"))
    server = _start([aisle, "serve", "--port", str(port)], home, url, workdir / "local.log")
    first, whole = [], []
    try:
        with httpx.Client(base_url=url, timeout=300) as http:
            for question in TTFT_QUESTIONS[:turns]:
                created = http.post("/v1/sessions").json()
                auth = {"Authorization": f"Bearer {created['token']}"}
                body = {"session_id": created["id"], "message": question}
                started = time.perf_counter()
                seen = None
                with http.stream("POST", "/v1/chat/stream", json=body, headers=auth) as response:
                    for line in response.iter_lines():
                        if line == "event: delta" and seen is None:
                            seen = time.perf_counter() - started
                first.append(1000 * (seen if seen is not None else time.perf_counter() - started))
                whole.append(1000 * (time.perf_counter() - started))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "turns": len(first),
        "first_delta_ms_p50": round(statistics.median(first), 1),
        "first_delta_ms_max": round(max(first), 1),
        "whole_turn_ms_p50": round(statistics.median(whole), 1),
    }


def _serve_scripted(port: int) -> None:
    import uvicorn

    from api.main import create_app
    from assistant.composition import Components
    from assistant.llm.scripted import RepeatingChatModel
    from assistant.settings import Settings

    app = create_app(Components(Settings(), chat_model=RepeatingChatModel()))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="an AISLE_HOME with the demo store ingested")
    parser.add_argument("--requests", type=int, default=64, help="requests per concurrency level")
    parser.add_argument("--ttft-turns", type=int, default=5)
    parser.add_argument("--serve-scripted", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_scripted:
        _serve_scripted(args.serve_scripted)
        return
    with tempfile.TemporaryDirectory(prefix="aisle-bench-api-") as tmp:
        workdir = Path(tmp)
        home = args.home or workdir / "home"
        if args.home is None:
            aisle = str(Path(sys.executable).with_name("aisle"))
            subprocess.run(
                [aisle, "ingest", str(DEMO_STORE), "--json"],
                env=_env(home),
                check=True,
                capture_output=True,
            )
        result = {
            "cpu_count": os.cpu_count(),
            "scripted": scripted(home, args.requests, workdir),
            "local_model": local_model(home, args.ttft_turns, workdir) if args.ttft_turns else None,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
