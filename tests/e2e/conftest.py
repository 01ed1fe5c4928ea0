"""Helpers to drive the real ``aisle`` command in a subprocess."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, TEST_SECRET

AISLE = Path(sys.executable).with_name("aisle")
Run = Callable[..., subprocess.CompletedProcess[str]]


def aisle_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI run on the store under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISLE_")}
    return (
        env
        | {"AISLE_HOME": str(home), "AISLE_SECRET_KEY": TEST_SECRET, "HF_HUB_OFFLINE": "1"}
        | extra
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The AISLE_HOME of this test's CLI runs."""
    return tmp_path / "home"


@pytest.fixture
def aisle(home: Path, tmp_path: Path) -> Run:
    """Run ``aisle ARGS`` to completion: ``aisle("ingest", path, "--json")``."""

    def run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(AISLE), *map(str, args)],
            capture_output=True,
            text=True,
            env=env or aisle_env(home),
            cwd=tmp_path,
            timeout=600,
            check=False,
        )

    return run


def last_json(stdout: str) -> dict[str, Any]:
    """The JSON object on the last line of stdout."""
    lines = stdout.strip().splitlines()
    assert lines, "no output on stdout"
    return dict(json.loads(lines[-1]))


def big_store(directory: Path, products: int) -> Path:
    """A store with many products (descriptions vary), for runs slow enough to interrupt."""
    directory.mkdir(parents=True, exist_ok=True)
    with (FIXTURES / "mini-store" / "catalog.csv").open(encoding="utf-8") as handle:
        template = list(csv.DictReader(handle))
    with (directory / "catalog.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(template[0]))
        writer.writeheader()
        for n in range(products):
            row = dict(template[n % len(template)])
            row.update(
                product_id=f"P{n:05d}",
                sku=f"SKU-{n:05d}",
                title=f"{row['title']} {n}",
                description=f"Model {n}. " + row["description"] * (1 + n % 4),
            )
            writer.writerow(row)
    return directory
