"""Persistence: SQLModel tables, engine and sessions, queries, migrations and the dataset seed."""
