"""Policy pages as Markdown or HTML, split along their headings."""

from __future__ import annotations

import re
from pathlib import Path

from langchain_core.documents import Document
from langchain_text_splitters import HTMLHeaderTextSplitter, MarkdownHeaderTextSplitter

from ingest.errors import SourceError
from ingest.readers.tabular import SourceRead, read_text
from ingest.schemas import PolicyDoc, PolicySection, RowError

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
POLICY_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES
_LEVELS = ("h1", "h2", "h3")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
MAX_POLICY_BYTES = 2_000_000


def read_policy(
    path: Path, source: str, *, doc_id: str | None = None, encoding: str = "utf-8"
) -> SourceRead[PolicyDoc]:
    """One policy page as a record of heading-scoped sections, under ``doc_id``."""
    doc_id = doc_id or path.stem
    result: SourceRead[PolicyDoc] = SourceRead(source=source, kind="policies", rows=1)
    if path.stat().st_size > MAX_POLICY_BYTES:
        raise SourceError(
            source,
            f"is larger than {MAX_POLICY_BYTES:,} bytes",
            hint="split it into one file per policy",
        )
    text = read_text(path, source, encoding)
    if re.search("[\udc80-\udcff]", text):
        result.errors.append(
            RowError(
                source=source,
                field="text",
                message=("is not valid UTF-8; save the file as UTF-8 or pass --encoding"),
            )
        )
        result.failed_keys.add(doc_id)
        return result
    title, body = _front_matter_title(text)
    if path.suffix.lower() in HTML_SUFFIXES:
        splits = HTMLHeaderTextSplitter([(h, h) for h in _LEVELS]).split_text(body)
    else:
        splits = MarkdownHeaderTextSplitter(
            [("#" * (i + 1), h) for i, h in enumerate(_LEVELS)], strip_headers=True
        ).split_text(body)
    sections = [
        PolicySection(
            heading=" > ".join(s.metadata[h] for h in _LEVELS if s.metadata.get(h)),
            text=s.page_content.strip(),
        )
        for s in splits
        if s.page_content.strip() and not _is_heading(s)
    ]
    if not sections:
        raise SourceError(source, "has no text", hint="write the policy, or remove the file")
    title = title or _first_heading(splits) or path.stem.replace("-", " ").title()
    result.records.append(
        (1, PolicyDoc(doc_id=doc_id, title=title, source=source, sections=sections))
    )
    return result


def _is_heading(split: Document) -> bool:
    """The HTML splitter yields each heading as a document of its own; it is not content."""
    deepest = next((split.metadata[h] for h in reversed(_LEVELS) if split.metadata.get(h)), None)
    return split.page_content.strip() == deepest


def _front_matter_title(text: str) -> tuple[str | None, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    title = next(
        (
            line.split(":", 1)[1].strip().strip("\"'")
            for line in match.group(1).splitlines()
            if line.lower().startswith("title:")
        ),
        None,
    )
    return title, text[match.end() :]


def _first_heading(splits: list[Document]) -> str | None:
    return next((str(s.metadata["h1"]) for s in splits if s.metadata.get("h1")), None)
