"""Autogenerate a migration: python scripts/new_migration.py "what changes" REV_ID [HEAD].

Upgrades a scratch database to the current heads, compares it with the models, and writes
src/amtui/store/migrations/versions/<REV_ID>_<slug>.py on top of HEAD (default: the only head).
Review the result: types are rendered with plain SQLAlchemy, not SQLModel's.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command

from amtui.store import alembic_config, upgrade


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    message, rev_id = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scratch.db"
        upgrade(path)
        kwargs = {"head": sys.argv[3]} if len(sys.argv) > 3 else {}
        script = command.revision(
            alembic_config(path), message=message, autogenerate=True, rev_id=rev_id, **kwargs
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
