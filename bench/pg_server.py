"""A throwaway PostgreSQL server for the benchmarks, as tests/pg/conftest.py starts one for the tests.

``initdb`` into a folder, started on a unix socket there (no TCP port), as the ``postgres`` user when run as
root; stopped (and the folder removed) by :meth:`PgServer.stop`. Command line, for poking at a loaded book
by hand: ``python bench/pg_server.py start DIR`` prints the base URL; ``python bench/pg_server.py stop DIR``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "pg_ctl").exists() and (Path(d) / "initdb").exists():
            return Path(d)
    sys.exit("PostgreSQL server binaries (initdb, pg_ctl) are not installed (apt-get install postgresql)")


def _prefix() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class PgServer:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sock(self) -> Path:
        return self.root / "sock"

    def url(self, db: str) -> str:
        return f"postgresql://postgres@/{db}?host={self.sock}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run([*_prefix(), *args], capture_output=True, text=True, env=env)

    def start(self) -> PgServer:
        """Create the cluster if it is not there, and start it (a dev cluster: fsync off)."""
        if not (self.data / "PG_VERSION").exists():
            self.sock.mkdir(parents=True, exist_ok=True)
            if _prefix():
                for p in (self.root, self.sock):
                    shutil.chown(p, "postgres")
                self.root.chmod(0o755)
            done = self._run(
                str(bindir() / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"
            )
            if done.returncode:
                sys.exit(f"initdb failed: {done.stderr.strip()[-500:]}")
        opts = (
            f"-k {self.sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=512MB -c work_mem=32MB -c max_wal_size=4GB"
        )
        done = self._run(
            str(bindir() / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        if done.returncode and "another server might be running" not in done.stderr:
            sys.exit(f"pg_ctl start failed: {done.stderr.strip()[-800:]}")
        return self

    def stop(self, *, remove: bool = False) -> None:
        self._run(str(bindir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def admin(self, sql: str) -> None:
        """One statement on the ``postgres`` database, outside a transaction."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(sql)  # type: ignore[arg-type]


if __name__ == "__main__":
    verb, where = sys.argv[1], Path(sys.argv[2])
    server = PgServer(where)
    if verb == "start":
        server.start()
        print(server.url("{db}"))
    else:
        server.stop()
