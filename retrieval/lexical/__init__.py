"""Lexical (keyword) indexes: one module per implementation."""
