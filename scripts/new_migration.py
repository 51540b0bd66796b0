"""Autogenerate a migration: python scripts/new_migration.py "what changes" REV_ID [HEAD] [--dir MIGRATIONS].

Upgrades a scratch database to the head, compares it with the models, and writes
src/amtui/store/migrations/versions/<REV_ID>_<slug>.py on top of HEAD (default: the one head; the history
is linear). ``--dir`` works on another migrations folder laid out like that one (tests use a copy).
Review the result: types are rendered with plain SQLAlchemy, not SQLModel's.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from alembic import command

from amtui.store import alembic_config, upgrade


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("message", help="what the migration changes (its docstring and file name)")
    parser.add_argument("rev_id", metavar="REV_ID", help="the new revision's id, e.g. 0801")
    parser.add_argument("head", metavar="HEAD", nargs="?", help="revision to build on (default: the head)")
    parser.add_argument("--dir", type=Path, default=None, help="migrations folder (default: the shipped one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scratch.db"
        upgrade(path, args.dir)
        kwargs = {"head": args.head} if args.head else {}
        script = command.revision(
            alembic_config(path, args.dir),
            message=args.message,
            autogenerate=True,
            rev_id=args.rev_id,
            **kwargs,
        )
    out = Path(script.path)  # type: ignore[union-attr]
    text = out.read_text()
    text = re.sub(r"sqlmodel\.sql\.sqltypes\.AutoString\(length=(\d+)\)", r"sa.String(length=\1)", text)
    text = text.replace("sqlmodel.sql.sqltypes.AutoString()", "sa.String()")
    text = text.replace("sqlmodel.sql.sqltypes.UTCDateTime()", "sa.DateTime(timezone=True)")
    text = re.sub(r"    # ### .* ###\n", "", text)
    out.write_text(text)
    print(out)


if __name__ == "__main__":
    main()
