"""Prometheus metrics of one server process, in a registry of its own (so apps can coexist)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from assistant.reply import Reply


class ApiMetrics:
    """Request counts and latencies by route template, and what the assistant's turns did."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "aisle_http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "aisle_http_request_seconds",
            "HTTP request latency by route template.",
            ["route"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.turns = Counter(
            "aisle_turns", "Assistant turns by routed intent.", ["intent"], registry=self.registry
        )
        self.flags = Counter(
            "aisle_turn_flags",
            "Turn flags (llm_fallback, injection_blocked, ...).",
            ["flag"],
            registry=self.registry,
        )
        self.handoffs = Counter(
            "aisle_handoffs", "Conversations handed to a person.", registry=self.registry
        )
        self.rate_limited = Counter(
            "aisle_rate_limited", "Requests refused with 429.", registry=self.registry
        )
        self.ready = Gauge("aisle_ready", "1 when the server is ready.", registry=self.registry)

    def turn(self, reply: Reply) -> None:
        """Count one finished turn."""
        self.turns.labels(reply.intent or "unknown").inc()
        for flag in reply.flags:
            self.flags.labels(flag).inc()
        if reply.handoff is not None:
            self.handoffs.inc()

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)
