"""Hybrid search as a LangChain ``BaseRetriever``, for use in chains."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.hybrid import HybridSearcher


class AisleRetriever(BaseRetriever):
    """Returns hybrid search hits as ``Document``s whose metadata carries id, kind and score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 8
    kinds: Sequence[str] = ()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.searcher.search(query, self.k, kinds=self.kinds)
        return [
            Document(
                id=hit.id,
                page_content=hit.text,
                metadata={
                    **hit.metadata,
                    "id": hit.id,
                    "record_id": hit.record_id,
                    "score": hit.score,
                    "matches_filters": hit.matches,
                },
            )
            for hit in result.hits
        ]
