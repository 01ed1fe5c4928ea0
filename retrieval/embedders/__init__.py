"""Embedders: one module per implementation."""
