"""Which files of a store directory are which kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.layout import Kind, discover, kind_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("catalog.csv", Kind.CATALOG),
        ("products-2026.jsonl", Kind.CATALOG),
        ("faqs.yaml", Kind.FAQS),
        ("FAQ.csv", Kind.FAQS),
        ("orders.csv", Kind.ORDERS),
        ("returns.md", Kind.POLICIES),
        ("warranty.html", Kind.POLICIES),
        ("catalog.xlsx", None),
        ("notes.txt", None),
        ("orders.yaml", None),
    ],
)
def test_kind_of(name: str, kind: Kind | None) -> None:
    assert kind_of(Path(name)) is kind


def test_discover_directory(mini_store: Path) -> None:
    (mini_store / "README.md").write_text("# About this folder\n")
    (mini_store / "notes.txt").write_text("x")
    (mini_store / ".hidden").mkdir()
    (mini_store / ".hidden" / "catalog.csv").write_text("x")
    layout = discover(mini_store)
    assert layout.whole_store
    assert [(s.kind, s.source_id) for s in layout.sources] == [
        (Kind.CATALOG, "catalog.csv"),
        (Kind.FAQS, "faqs.yaml"),
        (Kind.ORDERS, "orders.csv"),
        (Kind.POLICIES, "policies/returns.md"),
        (Kind.POLICIES, "policies/shipping.md"),
    ]
    assert layout.ignored == ["README.md", "notes.txt"]


def test_single_file_has_the_same_source_id_as_in_its_directory(mini_store: Path) -> None:
    layout = discover(mini_store / "policies" / "returns.md")
    assert not layout.whole_store
    assert layout.sources[0].source_id == "policies/returns.md"
    assert discover(mini_store / "catalog.csv").sources[0].source_id == "catalog.csv"


def test_single_file_kind_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("sku,title,price\n")
    with pytest.raises(SourceError, match="--kind"):
        discover(path)
    assert discover(path, kind=Kind.CATALOG).sources[0].kind is Kind.CATALOG


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        discover(tmp_path / "nope")


def test_directory_without_store_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(SourceError, match="holds no store files"):
        discover(tmp_path)
