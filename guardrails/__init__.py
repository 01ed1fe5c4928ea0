"""Guardrails: checks on what goes into and comes out of the assistant (PII, prompt injection)."""
