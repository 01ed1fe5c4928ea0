"""``aisle serve``: the chat API and the widget under uvicorn.

One worker builds the app in-process; several workers each build their own from the settings
(``app_factory``), sharing the store DB and Chroma. Rate-limit counters are per process unless
``AISLE_RATE_LIMIT_STORAGE`` points at a shared store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fastapi import FastAPI


def app_factory() -> FastAPI:
    """The app built from the environment's settings (what each uvicorn worker calls)."""
    from api.main import create_app
    from assistant.composition import Components
    from assistant.settings import Settings

    return create_app(Components(Settings()))


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (each loads the model: ~1 GB apiece).", min=1)
    ] = 1,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the chat API and the widget (http://HOST:PORT/); JSON logs go to stderr."""
    import uvicorn

    from api.logs import json_log_config
    from assistant.cli import load_settings

    load_settings()  # a bad setting fails here, clearly, before any worker starts
    # uvicorn applies the logging config in every worker process too
    options = {
        "host": host,
        "port": port,
        "log_config": json_log_config(log_level),
        "access_log": False,
    }
    if workers == 1:
        uvicorn.run(app_factory(), log_level=log_level, **options)  # type: ignore[arg-type]
    else:
        uvicorn.run(
            "assistant.cli_serve:app_factory",
            factory=True,
            workers=workers,
            log_level=log_level,
            **options,  # type: ignore[arg-type]
        )
