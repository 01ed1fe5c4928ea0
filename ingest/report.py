"""The ingest run report: printed, saved as JSON under AISLE_HOME, and stored in the DB."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from ingest.schemas import RowError
from ingest.screening import QuarantineEntry


class KindReport(BaseModel):
    """Record-level outcome for one kind (products count per product, not per SKU)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    reembedded: int = Field(0, description="updated records whose text changed")
    price_stock_only: int = Field(0, description="updated records whose live fields changed")
    embedded: int = Field(0, description="documents embedded")
    quarantined: int = Field(
        0, description="records kept out of every index: the guardrails found planted instructions"
    )
    pii_redacted: int = Field(0, description="records indexed with personal data replaced")


class SourceSummary(BaseModel):
    """What one file gave."""

    source: str
    kind: str
    rows: int
    records: int
    failed: int
    error: str | None = None


class IngestReport(BaseModel):
    """The outcome of one ingest run. Top-level counts are summed over the kinds."""

    run_id: str
    path: str
    status: str  # completed | dry-run | rejected | failed
    dry_run: bool = False
    full: bool = False
    started_at: datetime
    finished_at: datetime | None = None
    duration_s: float = 0.0
    records_per_s: float = 0.0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    embedded: int = 0
    quarantined: int = 0
    pii_redacted: int = 0
    store_version: int = 0
    kinds: dict[str, KindReport] = {}
    sources: list[SourceSummary] = []
    ignored: list[str] = []
    warnings: list[str] = []
    errors: list[RowError] = []
    quarantine: list[QuarantineEntry] = Field(
        default_factory=list, description="what was quarantined this run, and why"
    )
    store_config: str | None = Field(
        None,
        description="store.yaml: updated | unchanged | invalid (previous config kept) | absent; "
        "None when the run did not look at it (a single file, or nothing written)",
    )
    changes: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="with --dry-run: record ids per change, per kind"
    )

    def total(self) -> None:
        """Sum the kinds into the top-level counts."""
        names = ("added", "updated", "unchanged", "deleted", "failed", "embedded")
        for name in (*names, "quarantined", "pii_redacted"):
            setattr(self, name, sum(getattr(k, name) for k in self.kinds.values()))
