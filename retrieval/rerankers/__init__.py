"""Optional rerankers (none ships: a local model path in settings enables one)."""
