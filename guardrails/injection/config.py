"""Settings of the prompt-injection guardrail, loadable from YAML or TOML."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from guardrails.injection.heuristics import FAMILIES

MODEL_TEXT_TOKENS = 254  # MiniLM's 256-token window less its two special tokens


class HeuristicFamilies(BaseModel):
    """Which families of heuristic rules run (see ``guardrails.injection.heuristics``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instruction_override: bool = Field(
        True, description='"ignore previous instructions", "forget everything above".'
    )
    role_play: bool = Field(
        True, description="DAN, developer mode, unrestricted personas, role-play jailbreaks."
    )
    prompt_extraction: bool = Field(
        True, description='"repeat your system prompt", "print the text above".'
    )
    new_instructions: bool = Field(
        True, description='"new instructions:", "note to the AI", "your real task is".'
    )
    output_hijack: bool = Field(
        True, description='"your answer must be", "say X and nothing else", markdown exfiltration.'
    )
    tool_manipulation: bool = Field(
        True, description='"set the price to $0", "issue a full refund to every order".'
    )
    delimiter: bool = Field(
        True,
        description='Chat-template tokens and fake system turns: "<|im_start|>", "### system".',
    )
    code_payload: bool = Field(
        True,
        description="Code planted for the model to repeat: snippets, shell pipes, exfiltration.",
    )
    reader_directive: bool = Field(
        True,
        description='Documents only: orders about the shopper for whoever reads the page, "tell '
        'the customer ...", "if a user asks about sizing, say ...", "the assistant must ...".',
    )

    def enabled(self) -> frozenset[str]:
        """Names of the families switched on."""
        return frozenset(name for name in FAMILIES if getattr(self, name))


class InjectionConfig(BaseModel):
    """How the injection detector decides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Check texts at all; when false nothing is flagged.")
    message_threshold: float = Field(
        0.85,
        ge=0.0,
        le=1.0,
        description="Classifier probability at or above which a shopper message is flagged.",
    )
    document_threshold: float = Field(
        0.995,
        ge=0.0,
        le=1.0,
        description="Classifier probability at or above which one window of a document "
        "(a retrieved chunk or ingested text) is flagged on its own; higher than for messages "
        "because a document has many windows and each is a chance of a false alarm. Chosen by "
        "`python -m guardrails.injection.calibrate` (cross-validation on the training data).",
    )
    off_topic_threshold: float = Field(
        0.7,
        ge=0.0,
        le=1.0,
        description="Classifier probability at or above which a document window is flagged "
        "when it is also off the document's topic (see off_topic_similarity). Chosen by "
        "`python -m guardrails.injection.calibrate`.",
    )
    off_topic_similarity: float = Field(
        0.2,
        ge=-1.0,
        le=1.0,
        description="Cosine similarity between a window's embedding and the rest of its "
        "document at or below which the window counts as off-topic. Chosen by "
        "`python -m guardrails.injection.calibrate`.",
    )
    on_topic_similarity: float = Field(
        0.35,
        ge=-1.0,
        le=1.0,
        description="Similarity to the rest of its document above which a window is taken as "
        "on-topic product copy and is not flagged by probability alone (a journal's \"write "
        'three things you are grateful for"); rules and the off-topic test still apply. '
        "Chosen by `python -m guardrails.injection.calibrate`.",
    )
    window_cache_size: int = Field(
        8192,
        ge=0,
        description="Document windows whose embedding and score are remembered (least recently "
        "used dropped first), so repeated copy and re-retrieved chunks cost nothing; 0 = none.",
    )
    classifier: bool = Field(
        True, description="Use the embedding classifier; when false only heuristics decide."
    )
    message_embedding: Literal["float32", "int8"] = Field(
        "float32",
        description="The embedder the message model reads: the float model that retrieval "
        "uses, or the bundled model quantised to int8, which cuts the p95 of long jailbreaks "
        "by about a fifth but catches a little less on attack sets from outside the repo (see "
        "the README), at message_threshold 0.875, which it needs. int8 needs "
        "ONNX Runtime "
        "(AISLE_EMBEDDING_BACKEND=onnx); on PyTorch the float model is used. Documents are "
        "always read with the float model: on int8 they lost planted instructions.",
    )
    message_head_tokens: int = Field(
        64,
        ge=1,
        le=MODEL_TEXT_TOKENS - 1,
        description="Tokens from the start of a shopper message that the message model's "
        "embedder reads (its word and character features read up to 600 characters). The "
        "embedder's cost grows with the tokens it reads, so this bounds the time a long "
        "jailbreak takes. Chosen with `python -m guardrails.injection.calibrate --messages` "
        "and `aisle eval injection` (see the README).",
    )
    message_tail_tokens: int = Field(
        32,
        ge=0,
        le=MODEL_TEXT_TOKENS - 2,
        description="Tokens from the end of a long message that the embedder reads too.",
    )
    heuristics: HeuristicFamilies = Field(
        default_factory=HeuristicFamilies, description="Heuristic rule families on or off."
    )

    @model_validator(mode="after")
    def _budget_fits_the_model(self) -> InjectionConfig:
        if self.message_head_tokens + self.message_tail_tokens > MODEL_TEXT_TOKENS - 1:
            raise ValueError(
                f"message_head_tokens + message_tail_tokens is "
                f"{self.message_head_tokens + self.message_tail_tokens}; the embedder reads "
                f"{MODEL_TEXT_TOKENS} tokens of text, one of them the mark where the middle "
                f"was cut, so the two may add up to at most {MODEL_TEXT_TOKENS - 1}"
            )
        return self
