"""The guardrail rules: one YAML file, validated by pydantic, every check switchable.

The packaged ``rules.yaml`` next to this module holds the defaults; a store points
``AISLE_GUARDRAILS_FILE`` (or ``guardrails_file`` in ``aisle.toml``) at its own copy. A file
only needs the keys it changes; unknown keys are refused, so a typo never silently turns a
check off.

``rules_version`` fingerprints the rules *and* the detectors' code and training data. Ingest
keeps it with each screening verdict, so changed rules (or a retrained classifier) re-scan
content that has not changed, and unchanged rules never scan the same text twice.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardrails.errors import GuardrailConfigError
from guardrails.injection.config import InjectionConfig
from guardrails.pii.config import PiiConfig
from guardrails.topic.config import TopicConfig

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.yaml")
_FINGERPRINTED = ("injection", "pii")  # packages whose code and data decide ingest verdicts


class OutputChecks(BaseModel):
    """Checks on every reply before a shopper sees it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grounded_numbers: bool = Field(
        True,
        description="Every price, count, duration and percentage must appear in a source or "
        "the question; otherwise regenerate once, then answer from the records.",
    )
    canary: bool = Field(
        True, description="A reply carrying the system prompt's secret marker is withheld."
    )
    citations: bool = Field(
        True, description="Citations must point to sources the model was actually given."
    )
    pii: bool = Field(
        True,
        description="Personal data in a model-written reply that is not the shopper's own "
        "is replaced before it is shown.",
    )


class RetrievalChecks(BaseModel):
    """Checks on what retrieval hands the model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    injection: bool = Field(
        True,
        description="Check each retrieved chunk for planted instructions; a flagged chunk is "
        "dropped from the prompt and the reply is flagged `source_dropped`.",
    )


class IngestChecks(BaseModel):
    """Checks on store content as it is ingested."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quarantine_injection: bool = Field(
        True,
        description="A catalog row, FAQ or policy section with a planted instruction is kept "
        "out of every index and listed as `quarantined` in the run report.",
    )
    redact_pii: bool = Field(
        True,
        description="Personal data in store content is replaced before it is indexed; the "
        "store's own contact details (from store.yaml) are kept.",
    )


class Retention(BaseModel):
    """How long the server keeps what shoppers said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transcript_days: int = Field(
        30,
        ge=1,
        le=3650,
        description="Days a conversation is kept after its last message; older ones are "
        "purged with their messages, pseudonym mapping and handoff tickets.",
    )


class GuardrailRules(BaseModel):
    """Every guardrail's switches and thresholds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pii: PiiConfig = Field(default_factory=PiiConfig)
    injection: InjectionConfig = Field(default_factory=InjectionConfig)
    retrieval: RetrievalChecks = Field(default_factory=RetrievalChecks)
    ingest: IngestChecks = Field(default_factory=IngestChecks)
    topic: TopicConfig = Field(default_factory=TopicConfig)
    output: OutputChecks = Field(default_factory=OutputChecks)
    retention: Retention = Field(default_factory=Retention)

    @property
    def version(self) -> str:
        """A short fingerprint of these rules and the detectors they drive."""
        return rules_version(self)


def load_rules(path: Path | None = None) -> GuardrailRules:
    """The rules in ``path`` (the packaged defaults when None).

    Raises ``GuardrailConfigError`` naming the file and the bad key.
    """
    path = path or DEFAULT_RULES_FILE
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GuardrailConfigError(
            f"cannot read the guardrail rules file {path}: {exc.strerror}",
            hint="Point AISLE_GUARDRAILS_FILE at a readable YAML file, or unset it for the "
            "packaged defaults.",
        ) from exc
    except yaml.YAMLError as exc:
        raise GuardrailConfigError(
            f"the guardrail rules file {path} is not valid YAML: {exc}",
            hint="Fix the YAML syntax (indentation, colons) and try again.",
        ) from exc
    try:
        return GuardrailRules.model_validate(raw or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise GuardrailConfigError(
            f"the guardrail rules file {path} is invalid: {problems}",
            hint=f"Compare it with the packaged defaults in {DEFAULT_RULES_FILE}.",
        ) from exc


def rules_version(rules: GuardrailRules) -> str:
    """sha256 (12 hex digits) of the rules and of the detectors' source and data files."""
    digest = hashlib.sha256(rules.model_dump_json().encode("utf-8"))
    digest.update(_code_fingerprint().encode("ascii"))
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """sha256 of the detectors' code and data, read once per process."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for package in _FINGERPRINTED:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".jsonl", ".txt"}:
                digest.update(path.relative_to(root).as_posix().encode("utf-8"))
                digest.update(path.read_bytes())
    return digest.hexdigest()
