"""Source readers: one module per kind of store file, all built on ``tabular``."""
