"""Alembic environment: runs migrations on the engine ``storedb.db.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from ingest.storedb.models import Base

_LANGCHAIN_TABLES = {"upsertion_record"}


def _include_object(obj: object, name: str | None, type_: str, *_: object) -> bool:
    # LangChain's SQLRecordManager owns and creates its own table.
    return not (type_ == "table" and name in _LANGCHAIN_TABLES)


def run_migrations_online() -> None:
    """Run every pending migration in one transaction."""
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=_include_object,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
