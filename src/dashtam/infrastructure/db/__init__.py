"""Dashtam's database: SQLAlchemy 2.0 models, packaged alembic migrations, the seed.

SQLite in a local file is the zero-set-up default; PostgreSQL is used when
``DATABASE_URL`` names it. Only ``dashtam.core`` calls into this package.
"""
