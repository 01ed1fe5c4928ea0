"""Vector stores: one module per implementation."""
