"""Deterministic, typed tools whose results the LLM only phrases."""
