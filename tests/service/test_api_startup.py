"""The service refuses to start without its key or its database, naming what to set."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import free_port
from service_app import service_settings

from dashtam.core.database import DatabaseUnavailableError, database_engine, upgrade_database
from dashtam.core.tokens import MissingEncryptionKeyError, TokenCipher
from dashtam.domain.providers import PROVIDER_REGISTRY
from dashtam.presentation.api import create_app


def test_without_the_key_the_app_refuses_to_start_and_names_the_variable(
    database_url: str,
) -> None:
    settings = service_settings(database_url, token_encryption_key=None)
    with (
        pytest.raises(MissingEncryptionKeyError, match="TOKEN_ENCRYPTION_KEY is not set"),
        TestClient(create_app(settings)),
    ):
        pass


def test_a_malformed_key_is_named_without_echoing_it(tmp_path: Path) -> None:
    settings = service_settings(f"sqlite:///{tmp_path}/x.db", token_encryption_key="hunter2-x")
    with pytest.raises(MissingEncryptionKeyError, match="TOKEN_ENCRYPTION_KEY is not a Fernet"):
        TokenCipher.from_settings(settings)
    with pytest.raises(MissingEncryptionKeyError) as raised, TestClient(create_app(settings)):
        pass
    assert "hunter2" not in str(raised.value)


def test_an_unmigrated_database_asks_for_db_upgrade(database_url: str) -> None:
    with (
        pytest.raises(DatabaseUnavailableError, match="python -m dashtam db upgrade"),
        TestClient(create_app(service_settings(database_url))),
    ):
        pass


def test_a_database_that_is_down_at_start_up_names_database_url() -> None:
    port = free_port()  # nothing listens on it
    settings = service_settings(f"postgresql://dashtam:s3cret@127.0.0.1:{port}/dashtam")
    with pytest.raises(DatabaseUnavailableError) as raised, TestClient(create_app(settings)):
        pass
    message = str(raised.value)
    assert f"DATABASE_URL=postgresql+psycopg://dashtam:***@127.0.0.1:{port}/dashtam" in message
    assert "s3cret" not in message


def _uvicorn(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"TOKEN_ENCRYPTION_KEY"}}
    return subprocess.run(
        [sys.executable, "-m", "uvicorn", "dashtam.presentation.api:app", "--port", "0"],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_uvicorn_exits_naming_the_missing_key(tmp_path: Path) -> None:
    finished = _uvicorn(tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path}/dashtam.db"})
    assert finished.returncode != 0
    assert "TOKEN_ENCRYPTION_KEY is not set" in finished.stderr
    assert "Application startup failed" in finished.stderr


def test_uvicorn_exits_naming_database_url_when_the_schema_is_missing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/dashtam.db"
    finished = _uvicorn(tmp_path, {"DATABASE_URL": url, "TOKEN_ENCRYPTION_KEY": _key()})
    assert finished.returncode != 0
    assert f"DATABASE_URL={url}" in finished.stderr
    assert "python -m dashtam db upgrade" in finished.stderr


def _key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def test_the_app_starts_once_migrated(database_url: str) -> None:
    settings = service_settings(database_url)
    engine = database_engine(settings)
    upgrade_database(engine)
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        assert client.get("/openapi.json").status_code == 200


def test_uvicorn_serves_the_real_app_once_migrated(tmp_path: Path) -> None:
    """What `make api` runs: the discovery API answers on 127.0.0.1."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/dashtam.db",
        "TOKEN_ENCRYPTION_KEY": _key(),
    }
    subprocess.run(
        [sys.executable, "-m", "dashtam", "db", "upgrade"], env=env, cwd=tmp_path, check=True
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "dashtam.presentation.api:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/providers", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "uvicorn did not answer within 30 s"
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert answer.status_code == 200
    assert len(answer.json()["providers"]) == len(PROVIDER_REGISTRY)
