"""A throwaway PostgreSQL cluster on 127.0.0.1 for the database tests.

Debian's ``postgresql`` package provides ``initdb`` and ``pg_ctl``; ``.ci/run``
installs it. Without them the PostgreSQL tests fail and say what to install. As
root (CI, containers) the cluster runs as the ``postgres`` user, since PostgreSQL
refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from live_server import free_port

MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found: install Debian's "
    "`postgresql` package (`apt-get install postgresql`; .ci/run does this), or set "
    "DASHTAM_TEST_POSTGRES_URL to a database the tests may create tables in."
)


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        pytest.fail(MISSING, pytrace=False)
    return found


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_cluster(base: Path) -> Iterator[str]:
    """Start a cluster in ``base``; yields its URL; stops and removes it afterwards."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    data = base / "data"
    base.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        os.chmod(base, 0o700)
    port = free_port()
    subprocess.run(
        _as_owner([initdb, "-D", str(data), "-A", "trust", "-U", "dashtam", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-h 127.0.0.1 -p {port} -k {base} -F"
    subprocess.run(
        _as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://dashtam@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)
