"""Retrieval: the embedder, the vector store, the lexical index and (later) hybrid search.

Knows nothing of chat or the API. Backends are passed in through constructors.
"""
