"""``aisle chat``: a terminal chat on the same pipeline as the chat API.

``aisle chat`` talks until you type ``exit`` (or press Ctrl-D); ``aisle chat --once MESSAGE``
answers one message, ``--session ID`` continues a conversation, and ``--json`` prints the reply
object as one JSON line, the last line of stdout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.reply import Delta, Reply, Reset
from retrieval.errors import AisleError

if TYPE_CHECKING:
    from assistant.engine import Assistant

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
CLIENT = "cli"


def chat(
    once: Annotated[
        str | None, typer.Option("--once", help="Answer this one message and exit.")
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="Continue this conversation (its id from an earlier run)."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="With --once: print the reply as one JSON line (the last)."),
    ] = False,
) -> None:
    """Chat with the store's assistant in the terminal."""
    from assistant.cli import load_settings
    from assistant.composition import Components
    from assistant.output import fail

    if as_json and once is None:
        raise typer.BadParameter("--json needs --once MESSAGE", param_hint="--json")
    components = Components(load_settings())
    try:
        assistant = components.assistant
        session_id = session or assistant.start().id
        if session is not None:
            components.conversations.load(session)  # fails clearly if there is no such session
        if once is not None:
            reply = assistant.reply(session_id, once, client=CLIENT)
            if as_json:
                print(reply.model_dump_json())
            else:
                print_reply(reply, out)
                err.print(f"[dim]session {session_id} (continue with --session {session_id})[/]")
            return
        _talk(assistant, session_id, session is None)
    except AisleError as exc:
        raise fail(exc, as_json, err) from None


def _talk(assistant: Assistant, session_id: str, new: bool) -> None:
    if new:
        print_reply(assistant.greet(session_id), out)
    err.print(f"[dim]session {session_id}; type exit to leave[/]")
    while True:
        try:
            message = out.input("[bold cyan]you>[/] ")
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if message.strip().lower() in {"exit", "quit", ":q"}:
            return
        if not message.strip():
            continue
        out.print("[bold green]assistant>[/] ", end="")
        for event in assistant.stream(session_id, message, client=CLIENT):
            if isinstance(event, Delta):
                out.print(escape(event.text), end="")
            elif isinstance(event, Reset):
                note = (
                    "answering from the store's records instead"
                    if event.reason == "llm_failed"
                    else "checked against the sources"
                )
                out.print(f"\n[dim]({note}:)[/] ", end="")
            else:
                out.print()
                print_reply(event, out, text=False)


def print_reply(reply: Reply, console: Console, *, text: bool = True) -> None:
    """The reply's text, product cards, sources, quick replies and handoff."""
    if text:
        console.print(escape(reply.text))
    if reply.products:
        table = Table(title="Products", title_justify="left", show_lines=False)
        for column in ("", "product", "price", "stock", "why"):
            table.add_column(column)
        for card in reply.products:
            table.add_row(
                "[magenta]upsell[/]" if card.upsell else "",
                f"{escape(card.title)}\n[dim]{card.sku}[/]",
                _price(card.price, card.currency),
                "—" if card.stock is None else str(card.stock),
                escape(card.reason or ""),
            )
        console.print(table)
    for citation in reply.citations:
        console.print(f"[dim][{citation.ref}] {citation.kind}: {escape(citation.title)}[/]")
    if reply.quick_replies:
        console.print("[dim]try: " + " · ".join(escape(q) for q in reply.quick_replies) + "[/]")
    if reply.handoff:
        console.print(f"[yellow]handed to a person: ticket {reply.handoff.ticket_id}[/]")


def _price(amount: Decimal, currency: str) -> str:
    from assistant.prompt import money

    return money(amount, currency)
