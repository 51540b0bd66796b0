"""The store: the book's file and backups, schema and migrations, engine and pragmas, units of work and
audit, models."""
