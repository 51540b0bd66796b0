"""A throwaway PostgreSQL server for the team-book tests: ``initdb`` into a temporary folder, started on a
unix socket there (no TCP port), once per test session (per xdist worker), stopped at the end.

Each test gets a database of its own, copied from a template (``CREATE DATABASE … TEMPLATE``: milliseconds).
Without the server binaries the tests are skipped with the reason — except in CI (``CI=true``), where
``.ci/run`` installs them and a missing server must fail, not pass quietly.
"""

from __future__ import annotations

import glob
import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TODAY


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "pg_ctl").exists() and (Path(d) / "initdb").exists():
            return Path(d)
    return None


def _as_server_user() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root without runuser: cannot start a PostgreSQL server")
    return [runuser, "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server's base URL (``postgresql://postgres@/{db}?host=SOCKET``, ``{db}`` to fill in)."""
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI: the PostgreSQL server binaries are missing (.ci/run installs postgresql)")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    root = tmp_path_factory.mktemp("pg")
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    prefix = _as_server_user()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        root.chmod(0o755)
        top = Path(tempfile_root())
        for parent in root.parents:  # the server user must reach its folder
            if parent != top and top in parent.parents:
                parent.chmod(stat.S_IMODE(parent.stat().st_mode) | 0o011)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        pytest.fail(f"initdb failed: {done.stderr.strip()[-500:]}")
    opts = f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    done = subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        pytest.fail(f"pg_ctl start failed: {(done.stderr + log).strip()[-800:]}")
    try:
        yield f"postgresql://postgres@/{{db}}?host={sock}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
        )


def tempfile_root() -> str:
    import tempfile

    return tempfile.gettempdir()


def admin(base: str, sql: str) -> None:
    """Run one statement on the server's ``postgres`` database, outside a transaction."""
    import psycopg

    with psycopg.connect(base.format(db="postgres"), autocommit=True) as con:
        con.execute(sql)


@pytest.fixture(scope="session")
def _pg_templates(pg_server: str) -> dict[str, str]:
    """Two template databases, migrated once: an empty book and the demo book (dated 2026-11-28)."""
    from amtui.demo import build_demo
    from amtui.store import open_store

    with pytest.MonkeyPatch.context() as mp:  # the stamps the demo writes fall on TODAY (see tests/conftest)
        mp.setenv("AMTUI_TODAY", TODAY.isoformat())
        admin(pg_server, "CREATE DATABASE tpl_empty")
        open_store(pg_server.format(db="tpl_empty")).close()
        admin(pg_server, "CREATE DATABASE tpl_demo")
        build_demo(pg_server.format(db="tpl_demo"), today=TODAY, follow_ups=False)  # as tests/conftest
    return {"empty": "tpl_empty", "demo": "tpl_demo"}


def new_database(pg_server: str, template: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return pg_server.format(db=name)


@pytest.fixture
def pg_url(pg_server: str, _pg_templates: dict[str, str]) -> str:
    """A new, empty team database at the current schema."""
    return new_database(pg_server, _pg_templates["empty"])


@pytest.fixture
def pg_demo_url(pg_server: str, _pg_templates: dict[str, str]) -> str:
    """A new team database holding the demo book."""
    return new_database(pg_server, _pg_templates["demo"])
