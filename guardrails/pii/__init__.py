"""PII detection and per-conversation pseudonyms (Presidio with the bundled spaCy model)."""
