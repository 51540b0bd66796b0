"""Alembic migrations, shipped inside the package. See ``amtui.store.schema`` for how they run."""
