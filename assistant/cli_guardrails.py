"""``aisle guardrails check`` and ``aisle guardrails purge``: the rules file and retention.

``check [FILE]`` validates a guardrail rules file (the configured one when FILE is left out)
and prints every check with its switch and thresholds, and the rules' version (what ingest
keeps with each screening verdict). ``purge`` erases conversations past the retention period
now; the server also does it by itself, at most once an hour.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from retrieval.errors import AisleError

guardrails_app = typer.Typer(
    help="Guardrail rules (PII, injection, topic, output checks) and transcript retention.",
    no_args_is_help=True,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@guardrails_app.command()
def check(
    file: Annotated[
        Path | None,
        typer.Argument(help="A rules YAML file; default: AISLE_GUARDRAILS_FILE or the packaged."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Validate a guardrail rules file and show the rules it gives."""
    from assistant.cli import load_settings
    from assistant.output import fail
    from guardrails.rules import DEFAULT_RULES_FILE, load_rules

    path = file or load_settings().guardrails_file or DEFAULT_RULES_FILE
    try:
        rules = load_rules(path)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    dumped = rules.model_dump(mode="json")
    if as_json:
        print(json.dumps({"file": str(path), "version": rules.version, "rules": dumped}))
        return
    out.print(f"[green]ok[/] {path} (rules version {rules.version})")
    for section, values in dumped.items():
        out.print(f"[bold]{section}[/]: {json.dumps(values)}")


@guardrails_app.command()
def purge(
    days: Annotated[
        int | None,
        typer.Option(min=1, help="Erase conversations idle this many days (default: the rules')."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Erase conversations past the retention period, with their messages and tickets."""
    from assistant.cli import load_settings
    from assistant.composition import Components
    from assistant.output import fail

    components = Components(load_settings())
    try:
        keep = days or components.guardrail_rules.retention.transcript_days
        cutoff = datetime.now(UTC) - timedelta(days=keep)
        erased = components.conversations.purge(cutoff)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    if as_json:
        print(json.dumps({"purged": erased, "older_than": cutoff.isoformat(), "days": keep}))
    else:
        out.print(f"purged {erased} conversations idle for more than {keep} days")
