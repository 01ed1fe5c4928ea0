"""Which files of a store directory hold what.

A store directory holds ``catalog*``/``products*`` (.csv, .jsonl, .json), ``faq*`` (.csv, .yaml,
.jsonl), ``orders*`` (.csv, .jsonl, .json), policy pages (.md, .html) under ``policies/``, and
its structured config, ``store.yaml`` (or ``store.yml``) at the root (see ``ingest.store_config``).
Anything else is listed as ignored. A single file's kind comes from its name, or ``--kind``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ingest.errors import SourceError
from ingest.readers.faqs import YAML_SUFFIXES
from ingest.readers.policies import POLICY_SUFFIXES
from ingest.readers.tabular import TABULAR_SUFFIXES


class Kind(StrEnum):
    """The kinds of store file."""

    CATALOG = "catalog"
    POLICIES = "policies"
    FAQS = "faqs"
    ORDERS = "orders"


STORE_CONFIG_NAMES = ("store.yaml", "store.yml")
_PREFIXES = {Kind.CATALOG: ("catalog", "products"), Kind.FAQS: ("faq",), Kind.ORDERS: ("orders",)}
_SUFFIXES = {
    Kind.CATALOG: TABULAR_SUFFIXES,
    Kind.FAQS: TABULAR_SUFFIXES | YAML_SUFFIXES,
    Kind.ORDERS: TABULAR_SUFFIXES,
    Kind.POLICIES: POLICY_SUFFIXES,
}


@dataclass(frozen=True)
class Source:
    """A file to ingest, its kind, and its id (its path relative to the store root)."""

    path: Path
    kind: Kind
    source_id: str


@dataclass
class Layout:
    """The sources found under a path; ``whole_store`` when the path was a directory."""

    root: Path
    sources: list[Source] = field(default_factory=list)
    store_config: Path | None = None
    ignored: list[str] = field(default_factory=list)
    whole_store: bool = True

    def of_kind(self, kind: Kind) -> list[Source]:
        """Sources of one kind, in a stable order."""
        return [s for s in self.sources if s.kind is kind]


def kind_of(path: Path) -> Kind | None:
    """The kind a file's name says it holds, or None."""
    name, suffix = path.name.lower(), path.suffix.lower()
    if suffix in POLICY_SUFFIXES:
        return Kind.POLICIES
    for kind, prefixes in _PREFIXES.items():
        if name.startswith(prefixes) and suffix in _SUFFIXES[kind]:
            return kind
    return None


def discover(path: Path, *, kind: Kind | None = None) -> Layout:
    """Find the sources under ``path`` (a store directory or one file)."""
    if not path.exists():
        raise SourceError(
            str(path),
            "does not exist",
            hint="pass a store directory like data/demo-store, or one file",
        )
    if path.is_file():
        return _single_file(path, kind)
    layout = Layout(root=path)
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path).as_posix()
        if any(part.startswith(".") for part in file.relative_to(path).parts):
            continue
        if relative in STORE_CONFIG_NAMES and layout.store_config is None:
            layout.store_config = file
            continue
        found = kind_of(file)
        if found is Kind.POLICIES and not relative.startswith("policies/"):
            found = None  # a README.md beside the data is not a policy
        if found is None:
            layout.ignored.append(relative)
        else:
            layout.sources.append(Source(path=file, kind=found, source_id=relative))
    if not layout.sources:
        raise SourceError(
            str(path),
            "holds no store files",
            hint="expected catalog*.csv|jsonl, faqs*.yaml|csv, orders*.csv "
            "and policies/*.md|html; see data/demo-store",
        )
    return layout


def _single_file(path: Path, kind: Kind | None) -> Layout:
    found = kind or kind_of(path)
    if found is None:
        raise SourceError(
            path.name,
            "is not a kind of file aisle knows from its name",
            hint="name it catalog*.csv, faqs*.yaml, orders*.csv or *.md, "
            "or pass --kind catalog|policies|faqs|orders",
        )
    if found is not Kind.POLICIES and path.suffix.lower() not in _SUFFIXES[found]:
        raise SourceError(
            path.name,
            f"has a suffix a {found} file cannot have",
            hint=f"use one of {', '.join(sorted(_SUFFIXES[found]))}",
        )
    root = path.parent.parent if path.parent.name == "policies" else path.parent
    source_id = path.relative_to(root).as_posix()
    return Layout(
        root=root, sources=[Source(path=path, kind=found, source_id=source_id)], whole_store=False
    )
