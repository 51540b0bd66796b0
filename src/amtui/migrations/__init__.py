"""Alembic migrations, shipped inside the package. See ``amtui.db`` for how they run."""
