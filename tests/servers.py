"""Real local servers for tests: a free port, and a process that is up only while needed."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    command: Sequence[str],
    health_url: str,
    log: Path,
    *,
    timeout_s: float = 60.0,
    env: dict[str, str] | None = None,
) -> Iterator[None]:
    """Run ``command`` until ``health_url`` answers, yield, then stop it.

    Its output goes to ``log``, which the error quotes if the server dies or never answers.
    """
    with log.open("w") as output:
        server = subprocess.Popen(list(command), stdout=output, stderr=output, env=env)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    httpx.get(health_url, timeout=2).raise_for_status()
                    break
                except httpx.HTTPError as exc:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{command[0]} did not start: {log.read_text()[-2000:]}"
                        ) from exc
                    time.sleep(0.3)
            yield
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def uvicorn_thread(app: object, *, timeout_s: float = 60.0) -> Iterator[str]:
    """Serve the ASGI ``app`` with a real uvicorn server on a free port in a thread; yields
    its base URL and stops it afterwards."""
    import threading

    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on a free localhost port (another origin than the API's,
    like a store's own site); yields its base URL."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, name="static-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()
