"""The store DB: the source of record for products' price and stock, orders and ingest runs.

SQLAlchemy models in ``models``; the schema is created and upgraded only by the Alembic
migrations under ``migrations/`` (``db.migrate``). Later features add their tables there.
"""
