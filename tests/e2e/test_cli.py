"""The ``aisle`` command as a content team and an engineer run it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import AISLE, Run, aisle_env, big_store, last_json

pytestmark = pytest.mark.e2e

MINI = FIXTURES / "mini-store"


def test_ingest_json_is_the_last_line_and_progress_goes_to_stderr(aisle: Run) -> None:
    result = aisle("ingest", MINI, "--json")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    report = last_json(result.stdout)
    assert {k: report[k] for k in ("added", "updated", "unchanged", "deleted", "failed")} == {
        "added": 13,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "failed": 0,
    }
    assert report["errors"] == []
    assert "indexing products" in result.stderr


def test_human_report_names_the_saved_json(aisle: Run, home: Path) -> None:
    result = aisle("ingest", MINI)
    assert result.returncode == 0
    assert "products" in result.stdout and "report saved to" in result.stdout
    assert len(list((home / "runs").glob("*.json"))) == 1


def test_bad_rows_are_listed_and_the_run_completes(aisle: Run, tmp_path: Path) -> None:
    store = tmp_path / "store.csv"
    store.write_text("sku,title,price\nA,Good,1\nB,Bad,-2\nC,,3\n")
    result = aisle("ingest", store, "--kind", "catalog", "--json")
    assert result.returncode == 0
    report = last_json(result.stdout)
    assert report["added"] == 1 and report["failed"] == 2
    assert [(e["source"], e["row"], e["field"]) for e in report["errors"]] == [
        ("store.csv", 3, "price"),
        ("store.csv", 4, "title"),
    ]
    strict = aisle("ingest", store, "--kind", "catalog", "--strict", "--json")
    assert strict.returncode == 1 and last_json(strict.stdout)["status"] == "rejected"
    assert "nothing was written" in strict.stderr


def test_column_mapping_from_the_command_line(aisle: Run, tmp_path: Path) -> None:
    store = tmp_path / "catalog.csv"
    store.write_text("code,product_title,sale\nA,Boot,10\n")
    assert aisle("ingest", store).returncode == 1
    mapped = aisle(
        "ingest", store, "--map", "sku=code,title=product_title", "--map", "price=sale", "--json"
    )
    assert mapped.returncode == 0 and last_json(mapped.stdout)["added"] == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ingest", "/no/such/store"], 1, "does not exist"),
        (["ingest", MINI, "--map", "title"], 2, "not FIELD=COLUMN"),
        (["ingest", MINI, "--encoding", "klingon"], 2, "unknown encoding"),
        (["ingest", MINI, "--kind", "recipes"], 2, "recipes"),
    ],
)
def test_usage_errors_say_what_to_do(
    aisle: Run, args: list[object], code: int, message: str
) -> None:
    result = aisle(*args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_error_with_json_prints_an_error_object(aisle: Run) -> None:
    result = aisle("ingest", "/no/such/store", "--json")
    assert result.returncode == 1
    assert last_json(result.stdout)["error"]["code"] == "SourceError"


def test_dry_run_prints_the_diff(aisle: Run, tmp_path: Path) -> None:
    assert aisle("ingest", MINI).returncode == 0
    store = tmp_path / "store"
    store.mkdir()
    (store / "faqs.yaml").write_text((MINI / "faqs.yaml").read_text().replace("one hour", "2 h"))
    result = aisle("ingest", store, "--dry-run")
    assert result.returncode == 0
    assert "would update faqs: faq-003" in result.stdout
    assert "nothing was changed" in result.stdout


def test_doctor_before_and_after_ingest(aisle: Run) -> None:
    before = aisle("doctor", "--json")
    assert before.returncode == 1
    failing = {c["name"] for c in last_json(before.stdout)["checks"] if not c["ok"]}
    assert {"data directory", "store DB", "vector store", "lexical index"} <= failing
    assert "aisle ingest" in before.stderr
    assert aisle("ingest", MINI).returncode == 0
    after = aisle("doctor", "--json")
    checks = {c["name"]: c for c in last_json(after.stdout)["checks"]}
    assert after.returncode == 0, after.stderr
    assert checks["embedding model"]["ok"] and "verified" in checks["embedding model"]["detail"]
    assert checks["embedding runtime"]["detail"].startswith("ONNX Runtime, exported")
    assert "5 products" in checks["store DB"]["detail"]


def _records(home: Path) -> int:
    with sqlite3.connect(home / "store.db") as db:
        try:
            return int(db.execute("select count(*) from upsertion_record").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def _start_ingest(store: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(AISLE), "ingest", str(store), "--json"],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=aisle_env(home, AISLE_INGEST_BATCH_SIZE="16"),
    )


def _wait_until_partly_indexed(process: subprocess.Popen[str], home: Path) -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if (home / "store.db").exists() and _records(home) > 0:
            return _records(home)
        time.sleep(0.05)
    raise AssertionError("the ingest finished or stalled before it could be interrupted")


@pytest.mark.slow
def test_killed_run_resumes_with_no_duplicates_and_nothing_lost(
    aisle: Run, home: Path, tmp_path: Path
) -> None:
    store = big_store(tmp_path / "big", products=400)
    process = _start_ingest(store, home)
    _wait_until_partly_indexed(process, home)
    process.send_signal(signal.SIGKILL)
    process.communicate()  # reap it and close its pipes
    assert 0 < _records(home) < 400
    result = aisle("ingest", store, "--json")
    assert result.returncode == 0, result.stderr
    report = last_json(result.stdout)
    assert report["kinds"]["products"]["added"] + report["kinds"]["products"]["unchanged"] == 400
    assert report["kinds"]["products"]["embedded"] < 400  # work already done was kept
    again = last_json(aisle("ingest", store, "--json").stdout)
    assert again["kinds"]["products"]["unchanged"] == 400 and again["embedded"] == 0
    assert _records(home) == 400
    doctor = last_json(aisle("doctor", "--json").stdout)
    store_db = next(c for c in doctor["checks"] if c["name"] == "store DB")
    assert store_db["ok"] and "400 products" in store_db["detail"]
    vectors = next(c for c in doctor["checks"] if c["name"] == "vector store")
    assert "400 products documents" in vectors["detail"]


@pytest.mark.slow
def test_concurrent_run_is_refused_then_waits(aisle: Run, home: Path, tmp_path: Path) -> None:
    store = big_store(tmp_path / "big", products=1200)  # still running when the second starts
    first = _start_ingest(store, home)
    _wait_until_partly_indexed(first, home)
    refused = aisle("ingest", MINI)
    assert refused.returncode == 1
    assert "another ingest run" in refused.stderr and "--wait" in refused.stderr
    queued = aisle("ingest", MINI, "--wait", "300", "--json")
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert queued.returncode == 0 and last_json(queued.stdout)["status"] == "completed"
