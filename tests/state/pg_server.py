"""A throw-away PostgreSQL server for the state tests, started from the server installed on the machine.

Debian's `postgresql` package (what `.ci/run` installs when missing) puts the server in
/usr/lib/postgresql/<version>/bin. The cluster lives in a temporary folder, listens on a Unix
socket in that folder only (no TCP port to collide with), trusts local connections, and is
stopped and deleted at the end of the session. initdb refuses to run as root, so as root the
cluster is made and run by the `postgres` system user (`runuser`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def server_binaries() -> Path | None:
    configured = os.environ.get("ACDPLAN_TEST_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    def __init__(self, binaries: Path):
        self.binaries = binaries
        # /tmp, not $TMPDIR: the postgres user must reach the folder, and a Unix socket path is short.
        self.folder = Path(tempfile.mkdtemp(prefix="acdplan-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
        self.data = self.folder / "data"
        self.user = None if os.geteuid() != 0 else "postgres"
        self.port = 5432

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *command], check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.folder.chmod(0o755)
        self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        options = (f"-k {self.folder} -c listen_addresses='' -p {self.port} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")
        return self

    @property
    def dsn(self) -> str:
        return f"host={self.folder} port={self.port} user=postgres dbname=postgres"

    def log(self) -> str:
        try:
            return (self.folder / "server.log").read_text()[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)
        for _ in range(50):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
