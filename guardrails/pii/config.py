"""Settings of the PII guardrail: which types count as PII, how sure a finding must be."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: The entity types the project treats as personal data.
DEFAULT_PII_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "STREET_ADDRESS",
    "US_SSN",
    "IBAN_CODE",
)


class PiiConfig(BaseModel):
    """How the PII detector and pseudonymiser behave (``guardrails.pii`` in the store config)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        default=True,
        description="Detect and replace personal data before text reaches the model, logs, "
        "transcripts, analytics, tickets or the vector store. Turn off only for local debugging.",
    )
    entities: tuple[str, ...] = Field(
        default=DEFAULT_PII_ENTITIES,
        min_length=1,
        description="Presidio entity types treated as PII; findings of other types are dropped.",
    )
    score_threshold: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="Lowest detector confidence (0..1) at which a finding is kept.",
    )
    entity_thresholds: dict[str, float] = Field(
        default_factory=dict,
        description="Per-type confidence thresholds overriding score_threshold, "
        'e.g. {"PERSON": 0.6}.',
    )
    allow_terms: tuple[str, ...] = Field(
        default=(),
        description="Words and phrases that are never a person, an address or a phone number "
        "(product names, brands, store names). The catalog's titles and brands are added at "
        "start-up; list extra terms here.",
    )
    retention_days: int = Field(
        default=30,
        ge=1,
        description="Days the server keeps a conversation's pseudonym mapping before deleting it.",
    )

    @field_validator("entity_thresholds")
    @classmethod
    def _thresholds_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if not 0.0 <= v <= 1.0}
        if bad:
            raise ValueError(f"thresholds must be between 0 and 1, got {bad}")
        return value

    def threshold_for(self, entity_type: str) -> float:
        """The confidence a finding of ``entity_type`` needs to be kept."""
        return self.entity_thresholds.get(entity_type, self.score_threshold)
