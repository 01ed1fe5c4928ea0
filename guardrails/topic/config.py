"""Settings of the topic, abuse and policy guardrail, loadable from YAML or TOML."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from guardrails.topic.verdict import ADVICE_DOMAINS, AdviceDomain


class TopicConfig(BaseModel):
    """Which topic checks run on shopper messages, and what they know about the store."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Check messages at all; when false every one is ok.")
    abuse: bool = Field(
        True,
        description="Flag insults, profanity and harassment aimed at the assistant or the staff "
        "(severity mild), and threats, slurs and sexual harassment (severity severe).",
    )
    flag_profanity: bool = Field(
        True,
        description='Mark swearing that is not aimed at anyone ("my damn boots leaked") as '
        "kind ok with severity mild, so the assistant answers and keeps calm; when false such "
        "messages are plain ok.",
    )
    competitor: bool = Field(
        True,
        description="Flag messages that compare with, ask about, or ask to buy from or "
        'price-match another retailer, named or generic ("another store", "elsewhere").',
    )
    competitor_names: tuple[str, ...] = Field(
        (),
        description="The store's own competitor list (e.g. the retailers of its price-match "
        "policy). Matched case-insensitively; a trailing Co., Inc. or LLC is optional.",
    )
    known_retailers: bool = Field(
        True,
        description="Also recognise the large retailers bundled in data/competitors.yaml "
        "(Amazon, Walmart, REI, ...). Names that are also ordinary words (Target, Best Buy) "
        "count only where they read as a shop.",
    )
    allow_terms: tuple[str, ...] = Field(
        (),
        description="Names that are never a competitor: the store's own name, and brands it "
        "sells that share a retailer's name.",
    )
    advice: bool = Field(
        True,
        description="Flag requests for professional medical, legal or financial advice; "
        "store-policy questions (warranty, financing) and product facts are not advice.",
    )
    advice_domains: tuple[AdviceDomain, ...] = Field(
        ADVICE_DOMAINS, description="The advice domains checked."
    )
    off_topic: bool = Field(
        True,
        description="Flag requests outside shopping at this store (homework, code, poems, "
        "news, politics, weather, ...) even when they use shop words.",
    )
    insult_reach_words: int = Field(
        3,
        ge=0,
        le=8,
        description='Words allowed between "you" and an insult for it to count as aimed at '
        'the assistant ("you are such a moron" needs 3).',
    )
    max_chars: int = Field(
        4000,
        ge=1,
        description="Characters of a message that are read; the rest is ignored, which bounds "
        "the time a check takes (the input size guard rejects longer messages first).",
    )
    lexicon_dir: Path | None = Field(
        None,
        description="Folder holding abuse.yaml, competitors.yaml, advice.yaml and "
        "off_topic.yaml to use instead of the bundled ones.",
    )
