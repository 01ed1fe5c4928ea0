"""The ``aisle`` command line. Results go to stdout; progress and logs go to stderr.

With ``--json`` a command prints exactly one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from assistant.cli_chat import chat
from assistant.cli_eval import eval_app
from assistant.cli_guardrails import guardrails_app
from assistant.cli_serve import serve
from assistant.output import RichProgress, fail, print_ingest_report
from assistant.settings import Settings
from ingest.layout import Kind
from retrieval.errors import AisleError

app = typer.Typer(
    help="aisle: a shopping assistant that answers from your store's own data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(eval_app, name="eval")
app.add_typer(guardrails_app, name="guardrails")
app.command()(chat)
app.command()(serve)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("aisle")


def load_settings() -> Settings:
    """Settings from the environment and aisle.toml, or a clear exit."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            err.print(f"[red]error:[/] AISLE_{field.upper()}: {error['msg']}")
        raise typer.Exit(1) from None


def parse_mapping(values: list[str]) -> dict[str, str]:
    """``--map title=product_title,price=sale_price`` (repeatable) as {our field: column}."""
    mapping: dict[str, str] = {}
    for value in values:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            field, sep, column = pair.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise typer.BadParameter(f"{pair!r} is not FIELD=COLUMN", param_hint="--map")
            mapping[field.strip()] = column.strip()
    return mapping


@app.command()
def ingest(
    path: Annotated[
        Path, typer.Argument(help="A store directory (like data/demo-store) or one file.")
    ],
    map_: Annotated[
        list[str],
        typer.Option(
            "--map",
            help="FIELD=COLUMN pairs, comma-separated or repeated, for files with other headers.",
        ),
    ] = [],  # noqa: B006
    kind: Annotated[
        Kind | None, typer.Option(help="Kind of a single file, when its name does not say.")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Rebuild: re-embed everything.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; change nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Any bad row or file fails the run and nothing is written."),
    ] = False,
    encoding: Annotated[str, typer.Option(help="Text encoding of the files.")] = "utf-8",
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another running ingest before giving up.")
    ] = 0.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object on the last line.")
    ] = False,
) -> None:
    """Ingest a store's catalog, policies, FAQs and orders; re-run whenever they change."""
    from assistant.composition import Components
    from ingest.job import IngestOptions, run_ingest

    _check_encoding(encoding)
    options = IngestOptions(
        path=path,
        kind=kind,
        mapping=parse_mapping(map_),
        encoding=encoding,
        full=full,
        dry_run=dry_run,
        strict=strict,
        wait_seconds=wait,
    )
    components = Components(load_settings())
    try:
        with RichProgress(err) as progress:
            report = run_ingest(options, components.ingest_context(), progress)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    print_ingest_report(
        report,
        err if as_json else out,
        saved=None
        if dry_run or report.status in {"rejected", "failed"}
        else components.settings.runs_dir / f"{report.run_id}.json",
    )
    if as_json:
        print(report.model_dump_json())
    if report.status in {"rejected", "failed"}:
        raise typer.Exit(1)


def _check_encoding(encoding: str) -> None:
    try:
        "".encode(encoding)
    except LookupError:
        raise typer.BadParameter(
            f"unknown encoding {encoding!r}", param_hint="--encoding"
        ) from None


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What a shopper would type.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many results.")] = 10,
    knowledge: Annotated[
        bool, typer.Option("--knowledge", help="Search policies and FAQs, not products.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as one JSON object on the last line.")
    ] = False,
) -> None:
    """Search the ingested store as the assistant does: check what a shopper's words find."""
    from assistant.composition import Components
    from assistant.output import print_search_result, search_result_json

    components = Components(load_settings())
    searcher = components.knowledge_search if knowledge else components.product_search
    try:
        result = searcher.search(query, k)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None
    print_search_result(result, err if as_json else out)
    if as_json:
        print(json.dumps(search_result_json(result)))


@app.command()
def doctor(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the checks as one JSON object on the last line.")
    ] = False,
) -> None:
    """Check the install, the bundled models and the store; exit 1 if anything needs fixing."""
    from assistant.doctor import print_checks, run_checks

    checks = run_checks(load_settings())
    print_checks(checks, err if as_json else out)
    if as_json:
        result: dict[str, Any] = {
            "ok": all(c.ok for c in checks),
            "checks": [c.as_dict() for c in checks],
        }
        print(json.dumps(result))
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``aisle`` script."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG
    app()
