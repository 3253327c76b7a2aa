"""A throwaway PostgreSQL server for the store tests: Debian's server binaries, a cluster in a temporary
folder, a Unix socket only (no TCP port to clash with), stopped at the end of the session.

``.ci/run`` installs the server; where it is missing the PostgreSQL cases are skipped, unless
``VERACITY_REQUIRE_POSTGRES=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _server_binaries() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the postgres account the Debian package creates."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresServer:
    def __init__(self) -> None:
        binaries = _server_binaries()
        if binaries is None:
            message = "PostgreSQL server not installed (.ci/run installs it: apt-get install postgresql)"
            if os.environ.get("VERACITY_REQUIRE_POSTGRES") == "1":
                pytest.fail(message)
            pytest.skip(message)
        self.root = Path(tempfile.mkdtemp(prefix="veracity-pg-"))
        self.data, self.socket = self.root / "data", self.root / "socket"
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self.bin = binaries
        self._run([str(binaries / "initdb"), "-D", str(self.data), "-U", "veracity", "--auth=trust",
                   "--encoding=UTF8", "--locale=C"])
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._run([str(binaries / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
                   str(self.root / "log"), "start"])

    def _run(self, command: list[str]) -> None:
        completed = subprocess.run(_as_server_user(command), capture_output=True, text=True, timeout=120)
        if completed.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {completed.stderr or completed.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://veracity@/{database}?host={self.socket}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.stop()
