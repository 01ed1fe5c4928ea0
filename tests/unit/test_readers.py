"""Readers: good rows ingest, every bad row is reported with source, row, field and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.readers.catalog import group_products, read_catalog
from ingest.readers.faqs import read_faqs
from ingest.readers.orders import read_orders
from ingest.readers.policies import read_policy

pytestmark = pytest.mark.unit

HEADER = "sku,title,price,stock\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def errors_of(result: object) -> list[tuple[int | None, str | None]]:
    return [(e.row, e.field) for e in result.errors]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("B,Boot,,3", "price", "required"),
        ("B,Boot,-5,3", "price", "must not be negative"),
        ("B,Boot,9.99,many", "stock", "not a whole number"),
        (",Boot,9.99,3", "sku", "required"),
        ("B,Boot,9.99,3,extra", None, "more values than the header"),
    ],
)
def test_bad_catalog_row_is_reported_and_good_rows_kept(
    tmp_path: Path, row: str, field: str | None, reason: str
) -> None:
    path = write(tmp_path, "catalog.csv", HEADER + "A,Good,1.00,1\n" + row + "\nC,Also good,2,0\n")
    result = read_catalog(path, "catalog.csv")
    assert [r.sku for _, r in result.records] == ["A", "C"]
    assert errors_of(result) == [(3, field)]
    assert reason in result.errors[0].message
    assert result.errors[0].source == "catalog.csv"


def test_duplicate_sku_keeps_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "catalog.csv", HEADER + "A,First,1,1\nA,Second,2,2\n")
    result = read_catalog(path, "catalog.csv")
    assert [r.title for _, r in result.records] == ["First"]
    assert errors_of(result) == [(3, "sku")]
    assert "first seen in row 2" in result.errors[0].message


def test_bad_encoding_blames_only_its_row(tmp_path: Path) -> None:
    data = (HEADER + "A,Caf\u00e9 mug,1,1\n").encode() + b"B,Cr\xe8me pot,2,2\n"
    result = read_catalog(write(tmp_path, "catalog.csv", data), "catalog.csv")
    assert [r.title for _, r in result.records] == ["Caf\u00e9 mug"]
    assert errors_of(result) == [(3, "title")]
    assert "--encoding" in result.errors[0].message


def test_other_encoding_reads_with_encoding_option(tmp_path: Path) -> None:
    path = write(tmp_path, "catalog.csv", (HEADER + "B,Cr\u00e8me pot,2,2\n").encode("cp1252"))
    result = read_catalog(path, "catalog.csv", encoding="cp1252")
    assert result.records[0][1].title == "Cr\u00e8me pot" and not result.errors


def test_oversize_field_is_a_row_error(tmp_path: Path) -> None:
    text = "sku,title,price,description\nA,Ok,1,short\nB,Big,1," + "x" * 300 + "\n"
    result = read_catalog(write(tmp_path, "catalog.csv", text), "catalog.csv", max_chars=200)
    assert errors_of(result) == [(3, "description")]
    assert "limit is 200" in result.errors[0].message


def test_field_larger_than_csv_default_limit_does_not_crash(tmp_path: Path) -> None:
    text = "sku,title,price,description\nB,Big,1," + "x" * 200_000 + "\n"
    result = read_catalog(write(tmp_path, "catalog.csv", text), "catalog.csv")
    assert errors_of(result) == [(2, "description")]


@pytest.mark.parametrize("content", ["", "   \n", "\ufeff"])
def test_empty_file_is_an_error_for_that_file(tmp_path: Path, content: str) -> None:
    with pytest.raises(SourceError, match="empty"):
        read_catalog(write(tmp_path, "catalog.csv", content), "catalog.csv")


def test_missing_required_column_says_how_to_map(tmp_path: Path) -> None:
    path = write(tmp_path, "catalog.csv", "sku,product_title,sale\nA,Boot,1\n")
    with pytest.raises(SourceError) as info:
        read_catalog(path, "catalog.csv")
    assert "'price'" in str(info.value) and "--map price=YOUR_COLUMN" in str(info.value.hint)


def test_column_mapping_and_unknown_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path, "catalog.csv", "Item Code,Name,Sale Price,Material,Shelf\nA,Boot,9.5,leather,B4\n"
    )
    result = read_catalog(path, "catalog.csv", mapping={"sku": "Item Code", "price": "sale price"})
    row = result.records[0][1]
    assert (row.sku, row.title, str(row.price)) == ("A", "Boot", "9.50")
    assert row.attributes == {"material": "leather", "shelf": "B4"}
    assert result.warnings == ["catalog.csv: unknown columns kept as attributes: material, shelf"]


def test_jsonl_catalog_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"sku": "A", "title": "Boot", "price": 5}),
        "{broken",
        "[1, 2]",
        json.dumps({"sku": "B", "title": "Hat"}),
    ]
    result = read_catalog(write(tmp_path, "catalog.jsonl", "\n".join(lines)), "catalog.jsonl")
    assert [r.sku for _, r in result.records] == ["A"]
    assert errors_of(result) == [(2, None), (3, None), (4, "price")]
    assert "not valid JSON" in result.errors[0].message


def test_variants_group_into_products(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "catalog.csv",
        "product_id,sku,title,price,size,stock\n"
        "P1,A-9,Boot,100,9,0\nP1,A-10,Boot,105,10,4\n,H,Hat,20,,\n",
    )
    rows = [("catalog.csv", r) for _, r in read_catalog(path, "catalog.csv").records]
    products = {p.product_id: p for p in group_products(rows, "USD")}
    assert [v.sku for v in products["P1"].variants] == ["A-10", "A-9"]
    assert products["H"].variants[0].currency == "USD"  # no product id: its own product


def test_faqs_from_yaml_and_csv(tmp_path: Path) -> None:
    yaml_path = write(
        tmp_path,
        "faqs.yaml",
        "- id: f1\n  question: 'Do you ship: to Canada?'\n"
        "  answer: Yes.\n- question: No id here?\n  answer: Then one is made.\n"
        "- question: Missing answer?\n- just a string\n",
    )
    result = read_faqs(yaml_path, "faqs.yaml")
    ids = [f.faq_id for _, f in result.records]
    assert ids[0] == "f1" and ids[1].startswith("faq-")
    assert errors_of(result) == [(3, "answer"), (4, None)]
    csv_path = write(tmp_path, "faqs.csv", "q,a,topic\nHow?,Like this.,Orders\n")
    faq = read_faqs(csv_path, "faqs.csv").records[0][1]
    assert (faq.question, faq.answer, faq.category) == ("How?", "Like this.", "Orders")


def test_faq_yaml_that_is_not_a_list(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="YAML list"):
        read_faqs(write(tmp_path, "faqs.yaml", "question: hello\n"), "faqs.yaml")


def test_orders_drop_personal_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "orders.csv",
        "order_id,customer_name,street,email,status,placed_at,items\n"
        'A1,Jane Doe,1 Main St,jane@example.com,delivered,2026-10-01,"[]"\n'
        "A2,Bob,2 Main St,,shipped,2026-10-02,[]\n",
    )
    result = read_orders(path, "orders.csv")
    assert [o.order_id for _, o in result.records] == ["A1"]
    assert errors_of(result) == [(3, None)]
    assert result.warnings == ["orders.csv: personal columns not stored: customer_name, street"]


def test_markdown_policy_splits_on_headings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "returns.md",
        "---\ntitle: Returns & refunds\n---\n# Returns\nIntro.\n"
        "## Window\n30 days.\n### Earbuds\nExchange only.\n",
    )
    doc = read_policy(path, "policies/returns.md").records[0][1]
    assert doc.title == "Returns & refunds" and doc.doc_id == "returns"
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("Returns", "Intro."),
        ("Returns > Window", "30 days."),
        ("Returns > Window > Earbuds", "Exchange only."),
    ]


def test_html_policy_splits_on_headings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "warranty.html",
        "<html><body><h1>Warranty</h1><p>Two years.</p>"
        "<h2>Claims</h2><p>Email us.</p></body></html>",
    )
    doc = read_policy(path, "policies/warranty.html").records[0][1]
    assert doc.title == "Warranty"
    assert [s.text for s in doc.sections] == ["Two years.", "Email us."]


def test_policy_without_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        read_policy(write(tmp_path, "empty.md", "# Title only\n"), "policies/empty.md")
