"""Ingestion runs started from the admin API: one at a time, in a background thread, polled.

A job moves queued → running → completed | failed. While it runs, ``progress`` names the task
the ingest is on and how far it has got; when it ends, ``report`` is the same report
``aisle ingest --json`` prints (also saved under ``AISLE_HOME/runs/``). Jobs are remembered by
the process that ran them (the last 100); the reports themselves are in the store DB.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ingest.job import Advance, IngestContext, IngestOptions, run_ingest
from retrieval.errors import AisleError

log = logging.getLogger(__name__)
KEEP_JOBS = 100
JobStatus = Literal["queued", "running", "completed", "failed"]


@dataclass
class IngestJob:
    """One ingest run requested through the API."""

    job_id: str
    path: str
    full: bool
    status: JobStatus = "queued"
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    finished_at: str | None = None
    progress: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] | None = None
    error: str | None = None

    def view(self) -> dict[str, Any]:
        """The job as the API returns it."""
        return {
            "job_id": self.job_id,
            "path": self.path,
            "full": self.full,
            "status": self.status,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
            "progress": dict(self.progress),
            "report": self.report,
            "error": self.error,
        }


class _JobProgress:
    """Records the current task and its count on the job (the API's progress bar)."""

    def __init__(self, job: IngestJob) -> None:
        self._job = job

    def task(self, description: str, total: int | None) -> Advance:
        self._job.progress = {"task": description, "done": 0, "total": total}

        def advance(n: int) -> None:
            self._job.progress["done"] = self._job.progress.get("done", 0) + n

        return advance


class IngestJobs:
    """Runs ingests one after another on a single worker thread."""

    def __init__(self, context: Callable[[], IngestContext]) -> None:
        self._context = context
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aisle-ingest")

    def submit(self, options: IngestOptions) -> IngestJob:
        """Queue an ingest of ``options.path``; returns the job to poll."""
        job = IngestJob("ing_" + secrets.token_urlsafe(9), str(options.path), options.full)
        with self._lock:
            self._jobs[job.job_id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._worker.submit(self._run, job, options)
        return job

    def get(self, job_id: str) -> IngestJob | None:
        """The job, or None if this process never ran it (or forgot it)."""
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        """Wait for the running job, drop queued ones."""
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: IngestJob, options: IngestOptions) -> None:
        job.status = "running"
        try:
            report = run_ingest(options, self._context(), _JobProgress(job))
        except AisleError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # a background job must report, not vanish
            log.exception("ingest job failed", extra={"job_id": job.job_id})
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        else:
            job.report = report.model_dump(mode="json")
            job.status = "failed" if report.status == "failed" else "completed"
        job.finished_at = datetime.now(UTC).isoformat()
