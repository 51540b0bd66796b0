"""Alembic migrations, shipped inside the package. See ``amtui.store.db`` for how they run."""
