"""The composition root: builds every component from ``Settings``, in one place.

Libraries take typed constructor arguments; only this module knows which backend a setting
selects. Expensive pieces (the embedder, the store DB engine) are built once per ``Components``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from langchain_classic.indexes import SQLRecordManager
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.analytics import Analytics
from assistant.bundled import QWEN_05B, QWEN_15B, SplitModel
from assistant.conversation.redact import ConversationRedactor
from assistant.conversation.store import ConversationStore
from assistant.conversation.tickets import HandoffQueue
from assistant.engine import Assistant
from assistant.errors import ConfigError
from assistant.escalation import EscalationPolicy, SentimentAnalyzer
from assistant.generation import AnswerWriter
from assistant.llm.base import ChatModel
from assistant.llm.local import LocalLlamaChat
from assistant.llm.openai_compat import OpenAICompatibleChat
from assistant.llm.resilience import RetryingChatModel
from assistant.prompt import Persona
from assistant.recommend import Recommender
from assistant.routing.router import IntentRouter
from assistant.settings import Settings
from assistant.skills import Skills
from assistant.tools.catalog import CatalogFacts
from assistant.tools.orders import OrderLookup
from assistant.tools.policy_answers import ReturnsTool, ShippingTool
from assistant.tools.returns import ReturnRules
from assistant.tools.shipping import ShippingQuotes
from guardrails.injection.config import InjectionConfig
from guardrails.injection.detector import InjectionDetector
from guardrails.pii.detector import PiiDetector
from guardrails.pii.pseudonymise import Pseudonymiser
from guardrails.retrieved import SourceGuard
from guardrails.rules import GuardrailRules, load_rules
from guardrails.screen import ContentScreen, StoreContacts
from guardrails.topic.guard import TopicGuard
from ingest.documents import KNOWLEDGE_COLLECTION, PRODUCTS_COLLECTION
from ingest.identity import IdentityHasher
from ingest.job import IngestContext
from ingest.store_config import StoreConfig, read_store_config
from ingest.storedb.db import create_store_engine, migrate, session_factory
from retrieval.embedders.budget import TokenBudgetEmbedder
from retrieval.embedders.cache import cache_backed
from retrieval.embedders.minilm import MiniLMEmbedder
from retrieval.hybrid import HybridConfig, HybridSearcher, LexicalIndexFile
from retrieval.rerankers.cross_encoder import CrossEncoderReranker
from retrieval.stores.chroma import ChromaStore


def bundled_embedder(settings: Settings) -> MiniLMEmbedder:
    """The bundled embedder on the runtime ``settings`` name (ONNX Runtime by default)."""
    onnx = settings.embedding_backend == "onnx"
    return MiniLMEmbedder(onnx_dir=settings.model_cache_dir if onnx else None)


def build_injection_detector(
    settings: Settings, embedder: MiniLMEmbedder, config: InjectionConfig | None = None
) -> InjectionDetector:
    """The injection detector on ``embedder``, as ``config`` sets it (by default the store's
    rules file, else the packaged rules). Its message model reads the head and tail tokens of a
    message that ``config`` allows, on the int8 graph instead if it says so (on ONNX Runtime).
    Training vectors are cached on disk per model and budget."""
    config = config or load_rules(settings.guardrails_file).injection
    full: MiniLMEmbedder = embedder
    if config.message_embedding == "int8" and settings.embedding_backend == "onnx":
        full = MiniLMEmbedder(onnx_dir=settings.model_cache_dir, quantised=True)
    reader = TokenBudgetEmbedder(
        full, embedder.model_dir, config.message_head_tokens, config.message_tail_tokens
    )
    return InjectionDetector(
        embedder,
        config,
        training_embedder=cache_backed(embedder, settings.embedding_cache_dir),
        message_embedder=reader,
        message_training_embedder=cache_backed(reader, settings.embedding_cache_dir),
    )


class Components:
    """Lazily built components of one store (one ``AISLE_HOME``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: MiniLMEmbedder | None = None,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._chat_model = chat_model

    @cached_property
    def embedder(self) -> MiniLMEmbedder:
        """The bundled sentence embedder (loads on first use), unless one was passed in."""
        return self._embedder or bundled_embedder(self.settings)

    @cached_property
    def vector_store(self) -> ChromaStore:
        """Chroma: a server when ``chroma_url`` is set, else embedded under ``home``."""
        if self.settings.chroma_url:
            return ChromaStore.http(self.settings.chroma_url, self.embedder)
        return ChromaStore.persistent(self.settings.chroma_path, self.embedder)

    @cached_property
    def reranker(self) -> CrossEncoderReranker | None:
        """The optional cross-encoder named by ``reranker_model``."""
        if self.settings.reranker_model is None:
            return None
        return CrossEncoderReranker(self.settings.reranker_model)

    @cached_property
    def product_search(self) -> HybridSearcher:
        """Hybrid search over the catalog, with query understanding and filters."""
        return self._searcher(PRODUCTS_COLLECTION)

    @cached_property
    def knowledge_search(self) -> HybridSearcher:
        """Hybrid search over policies and FAQs."""
        return self._searcher(KNOWLEDGE_COLLECTION)

    def _searcher(self, collection: str) -> HybridSearcher:
        return HybridSearcher(
            self.vector_store,
            collection,
            LexicalIndexFile(self.settings.lexical_dir / collection),
            self.embedder,
            config=HybridConfig(candidates=self.settings.search_candidates),
            reranker=self.reranker,
        )

    @cached_property
    def chat_model(self) -> ChatModel:
        """The LLM the settings select, with bounded retries (the local model loads lazily)."""
        if self._chat_model is not None:
            return self._chat_model
        settings = self.settings
        inner: ChatModel
        if settings.llm_backend == "openai":
            assert settings.openai_base_url and settings.openai_model  # settings validate this
            inner = OpenAICompatibleChat(
                settings.openai_base_url,
                settings.openai_api_key or SecretStr("not-needed"),
                settings.openai_model,
                timeout_s=settings.llm_timeout_s,
            )
        else:
            spec = self._local_model_spec()
            inner = LocalLlamaChat(
                spec.assemble(settings.home / "models"),
                model_id=f"{settings.llm_model}@{spec.sha256[:12]}",
                context_tokens=settings.llm_context_tokens,
                timeout_s=settings.llm_timeout_s,
            )
        return RetryingChatModel(inner, attempts=settings.llm_max_attempts)

    @property
    def chat_model_fingerprint(self) -> str:
        """What identifies the selected model's outputs: the weights' sha256 for a local model,
        the server and model name for an OpenAI-compatible one (keys cached eval outputs)."""
        settings = self.settings
        if self._chat_model is not None:
            return self._chat_model.model_id
        if settings.llm_backend == "openai":
            return f"openai:{settings.openai_base_url}:{settings.openai_model}"
        return f"{settings.llm_model}@sha256:{self._local_model_spec().sha256}"

    def _local_model_spec(self) -> SplitModel:
        return QWEN_15B if self.settings.llm_model == "qwen2.5-coder-1.5b" else QWEN_05B

    def chat_model_ready(self) -> None:
        """Load the chat model now (the local model takes a few seconds), if it loads lazily."""
        warm_up = getattr(self.chat_model, "warm_up", None)
        if warm_up is not None:
            warm_up()

    @cached_property
    def catalog_facts(self) -> CatalogFacts:
        """Live price and stock from the store DB."""
        return CatalogFacts(self.sessions)

    @cached_property
    def order_lookup(self) -> OrderLookup:
        """The order-status tool (verification and rate limits in the store DB)."""
        return OrderLookup(self.sessions, self.hasher)

    @cached_property
    def router(self) -> IntentRouter:
        """The intent router (trains on its examples at first use, well under a second)."""
        return IntentRouter.from_yaml(self.embedder)

    @cached_property
    def conversations(self) -> ConversationStore:
        """Sessions, transcripts and handoff tickets in the store DB."""
        days = self.guardrail_rules.retention.transcript_days
        return ConversationStore(self.sessions, retention=timedelta(days=days))

    @cached_property
    def handoff_queue(self) -> HandoffQueue:
        """The tickets agents claim and resolve."""
        return HandoffQueue(self.sessions)

    @cached_property
    def analytics(self) -> Analytics:
        """Conversation, intent, handoff and feedback figures for the store."""
        return Analytics(self.sessions)

    @cached_property
    def assistant(self) -> Assistant:
        """The conversation engine over this store, on the model the settings select."""
        return self.build_assistant(self.chat_model)

    @cached_property
    def guardrail_rules(self) -> GuardrailRules:
        """The guardrails' switches and thresholds (``guardrails_file``, or the defaults)."""
        return load_rules(self.settings.guardrails_file)

    @cached_property
    def pii_detector(self) -> PiiDetector:
        """Presidio with the bundled spaCy model; the store's product, brand and category names
        are never personal data."""
        facts = self.catalog_facts
        return PiiDetector(
            self.guardrail_rules.pii, allow_terms=[*facts.names(), *facts.categories()]
        )

    @cached_property
    def injection_detector(self) -> InjectionDetector:
        """Heuristics and a classifier on the bundled embedder (trains at first use)."""
        return build_injection_detector(
            self.settings, self.embedder, self.guardrail_rules.injection
        )

    @cached_property
    def topic_guard(self) -> TopicGuard:
        """Abuse, competitors, professional advice and off-topic requests; the store's own name
        is never a competitor."""
        config = self.store_config
        rules = self.guardrail_rules.topic
        own = rules.model_copy(
            update={"allow_terms": (*rules.allow_terms, config.persona.store_name)}
        )
        return TopicGuard(own, competitors=config.competitors.names)

    @cached_property
    def source_guard(self) -> SourceGuard:
        """Drops retrieved text with planted instructions before the model reads it."""
        rules = self.guardrail_rules
        detector = self.injection_detector if rules.retrieval.injection else None
        return SourceGuard(detector, rules.version)

    def content_screen(self, allow_terms: Sequence[str], contacts: Sequence[str]) -> ContentScreen:
        """Ingest's screen for one run: the run's catalog names are never PII, the store's
        contact details are kept."""
        rules = self.guardrail_rules
        return ContentScreen(
            rules,
            injection=self.injection_detector,
            pii=PiiDetector(rules.pii, allow_terms=allow_terms),
            contacts=StoreContacts(contacts),
        )

    def pseudonymiser(self, mapping: Mapping[str, str]) -> ConversationRedactor:
        """A conversation's pseudonymiser, continuing its stored mapping."""
        return Pseudonymiser(self.pii_detector, mapping)

    @cached_property
    def store_config(self) -> StoreConfig:
        """The store's persona, shipping table, return rules and complements (from store.yaml,
        as last ingested; defaults when the store has none)."""
        return read_store_config(self.sessions)

    @cached_property
    def recommender(self) -> Recommender:
        """Similar items, complements (co-purchases, then the store's category rules) and
        labelled upsells."""
        return Recommender(
            self.product_search,
            self.catalog_facts,
            self.sessions,
            self.store_config.complements,
        )

    def build_assistant(self, chat_model: ChatModel, *, canary: str | None = None) -> Assistant:
        """The conversation engine over this store, on ``chat_model``.

        ``canary`` fixes the system prompt's leak marker (random by default); the eval suites
        fix it so that the same question gives the same prompt, and a cached model output.
        """
        config = self.store_config
        persona = Persona(
            store_name=config.persona.store_name,
            assistant_name=config.persona.assistant_name,
            tone=config.persona.tone,
            support_contact=config.persona.support_contact,
        )
        returns = ReturnRules(config.returns)
        tools = (
            ShippingTool(ShippingQuotes(config.shipping)),
            ReturnsTool(
                returns,
                sorted(set(self.catalog_facts.categories()) | config.categories()),
            ),
        )
        skills = Skills(
            products=self.product_search,
            knowledge=self.knowledge_search,
            catalog=self.catalog_facts,
            orders=self.order_lookup,
            writer=AnswerWriter(
                chat_model,
                persona,
                checks=self.guardrail_rules.output,
                pii=self.pii_detector,
                canary=canary,
            ),
            policy_tools=tools,
            returns=returns,
            recommender=self.recommender,
            guard=self.source_guard,
            price_match_doc=config.competitors.price_match_doc,
        )
        return Assistant(
            router=self.router,
            skills=skills,
            conversations=self.conversations,
            sentiment=SentimentAnalyzer(),
            escalation=EscalationPolicy(),
            persona=persona,
            redactors=self.pseudonymiser,
            injection=self.injection_detector,
            topic=self.topic_guard,
            competitor_reply=config.competitors.reply,
            quick_replies=list(config.persona.quick_replies),
        )

    @cached_property
    def engine(self) -> Engine:
        """The store DB engine, migrated to the newest schema."""
        engine = create_store_engine(self.settings.resolved_database_url)
        migrate(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on the store DB."""
        return session_factory(self.engine)

    def record_manager(self, namespace: str) -> SQLRecordManager:
        """LangChain's record manager for one namespace, on the store DB."""
        manager = SQLRecordManager(namespace, engine=self.engine)
        manager.create_schema()
        return manager

    @cached_property
    def hasher(self) -> IdentityHasher:
        """Keyed hashing of shoppers' emails and postal codes."""
        return IdentityHasher(self._secret_key())

    def _secret_key(self) -> bytes:
        if self.settings.secret_key is not None:
            return self.settings.secret_key.get_secret_value().encode()
        if self.settings.env == "production":  # the settings validator refuses this earlier
            raise ConfigError("AISLE_SECRET_KEY is required in production")
        return _local_secret(self.settings.home / "secret.key")

    def ingest_context(self) -> IngestContext:
        """Everything the ingest job writes to."""
        return IngestContext(
            home=self.settings.home,
            vector_store=self.vector_store,
            sessions=self.sessions,
            record_manager=self.record_manager,
            embedder_id=self.embedder.model_id,
            hasher=self.hasher,
            lexical_dir=self.settings.lexical_dir,
            runs_dir=self.settings.runs_dir,
            default_currency=self.settings.currency,
            batch_size=self.settings.ingest_batch_size,
            max_field_chars=self.settings.max_field_chars,
            screen=self.content_screen,
        )


def _local_secret(path: Path) -> bytes:
    """A random key generated once per local store and kept beside its data (mode 0600)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode()
