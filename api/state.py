"""What the running server holds: the store's components, readiness, jobs, limits, metrics."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from api.metrics import ApiMetrics

if TYPE_CHECKING:
    from assistant.composition import Components
    from assistant.engine import Assistant
    from assistant.ingest_jobs import IngestJobs

log = logging.getLogger(__name__)


@dataclass
class ServerState:
    """Shared by every request of one server process."""

    components: Components
    jobs: IngestJobs
    metrics: ApiMetrics
    ready: threading.Event = field(default_factory=threading.Event)
    failure: str | None = None

    @property
    def assistant(self) -> Assistant:
        """The conversation engine (built by ``warm_up``)."""
        return self.components.assistant

    def warm_up(self) -> None:
        """Load the store, the guardrails and the model; ready only when all are loaded."""
        try:
            assistant = self.components.assistant
            self.components.injection_detector.warm_up()
            self.components.pii_detector.detect("warm up")
            assistant.router.route("warm up")
            self.components.product_search.search("warm up", k=1)
            self.components.knowledge_search.search("warm up", k=1)
            self.components.chat_model_ready()
        except Exception as exc:  # readiness reports it; liveness stays up
            self.failure = f"{type(exc).__name__}: {exc}"
            log.error("not ready", extra={"error": self.failure})
            return
        self.ready.set()
        log.info("ready")
