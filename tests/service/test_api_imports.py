"""``POST /api/v1/providers/chase_file/imports``: limits, hostile files, no duplicates."""

from __future__ import annotations

import logging
import select
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live_server import live_server
from service_app import service_settings

from dashtam.core.database import database_engine, upgrade_database
from dashtam.core.imports import file_import_setup, stored_transaction_count
from dashtam.domain.providers import ImportFormat, Provider
from dashtam.presentation.api import create_app
from dashtam.presentation.api.import_routes import MULTIPART_OVERHEAD

CHASE = str(Provider.CHASE_FILE)
ROUTE = f"/api/v1/providers/{CHASE}/imports"
SETUP = file_import_setup(Provider.CHASE_FILE)
LIMIT = SETUP.max_file_bytes
CSV = next(s for s in SETUP.samples if s.format is ImportFormat.CSV)
QFX = next(s for s in SETUP.samples if s.format is ImportFormat.QFX)
QFX_HEADER = QFX.content.split("<OFX>")[0]


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = service_settings(database_url)
    engine = database_engine(settings)
    upgrade_database(engine)
    engine.dispose()
    with TestClient(create_app(settings)) as running:
        yield running


def _stored(client: TestClient) -> int:
    engine = client.app.state.services.engine  # type: ignore[attr-defined]
    return stored_transaction_count(engine, CHASE)


def _upload(client: TestClient, content: bytes, name: str = "export.csv") -> object:
    return client.post(ROUTE, files={"file": (name, content)}, data={"account_id": "checking-1"})


def test_a_sample_file_is_imported_and_a_re_upload_adds_nothing(client: TestClient) -> None:
    first = client.post(
        ROUTE, files={"file": (CSV.name, CSV.content.encode())}, data={"account_id": "acc"}
    )
    assert first.status_code == 201, first.text
    rows = first.json()["transactions_in_file"]
    assert rows == len(CSV.content.strip().splitlines()) - 1
    assert first.json()["added"] == rows
    again = client.post(
        ROUTE, files={"file": (CSV.name, CSV.content.encode())}, data={"account_id": "acc"}
    )
    assert again.status_code == 201
    assert again.json()["added"] == 0
    assert again.json()["already_stored"] == rows
    assert _stored(client) == rows


def test_a_hostile_file_gets_a_422_listing_each_problem_and_stores_nothing(
    client: TestClient,
) -> None:
    header, good, *_ = CSV.content.splitlines()
    bad = "\n".join([header, good, good.replace("-5.75", "lots"), "DEBIT,13/45/2026,X,1,T,,,"])
    answer = client.post(ROUTE, files={"file": ("x.csv", bad.encode())}, data={"account_id": "acc"})
    assert answer.status_code == 422, answer.text
    problems = answer.json()["problems"]
    assert [problem["line"] for problem in problems] == [3, 4]
    assert "nothing was stored" in answer.json()["message"]
    assert _stored(client) == 0


def test_a_declared_oversized_upload_is_refused_before_reading(client: TestClient) -> None:
    answer = client.post(
        ROUTE,
        content=b"x",
        headers={"Content-Length": str(LIMIT * 2), "Content-Type": "multipart/form-data"},
    )
    assert answer.status_code == 413
    assert f"{LIMIT:,}-byte limit" in answer.json()["detail"]


class CountingApp:
    """ASGI wrapper counting the request-body bytes the app actually read."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.read = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def counted() -> Any:
            message = await receive()
            self.read += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


def test_a_streamed_upload_is_cut_off_once_past_the_limit(client: TestClient) -> None:
    """A chunked upload with no Content-Length, sent to a real server over a socket."""
    chunk = b"x" * 65536
    total = LIMIT * 8
    sent = 0
    counting = CountingApp(client.app)
    with live_server(counting) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                f"POST {ROUTE} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n\r\n".encode()
            )
            answered = b""
            try:
                while sent < total:
                    connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                    readable, _, _ = select.select([connection], [], [], 0)
                    if readable:
                        answered = connection.recv(4096)
                        break
            except (BrokenPipeError, ConnectionResetError):
                pass
            if not answered:
                answered = connection.recv(4096)
    assert answered.startswith(b"HTTP/1.1 413"), answered[:100]
    # uvicorn hands the app the body in pieces of up to a few hundred KiB.
    assert counting.read <= LIMIT + MULTIPART_OVERHEAD + 1024 * 1024, (
        f"the app read {counting.read:,} bytes of a {total:,}-byte upload"
    )


def test_a_file_just_over_the_limit_is_refused_and_one_at_the_limit_is_parsed(
    client: TestClient,
) -> None:
    assert _upload(client, b"x" * (LIMIT + 1)).status_code == 413  # type: ignore[attr-defined]
    at_limit = _upload(client, b"x" * LIMIT)
    assert at_limit.status_code == 422  # type: ignore[attr-defined]


def test_a_form_without_the_file_or_account_is_a_400(client: TestClient) -> None:
    no_account = client.post(ROUTE, files={"file": ("x.csv", CSV.content.encode())})
    assert no_account.status_code == 400
    assert "account_id" in no_account.json()["detail"]
    no_file = client.post(ROUTE, data={"account_id": "acc"})
    assert no_file.status_code == 400
    assert "'file'" in no_file.json()["detail"]
    not_a_form = client.post(ROUTE, content=b"{}", headers={"Content-Type": "application/json"})
    assert not_a_form.status_code == 400


_TIMED_UPLOAD = """
import sys, time
from fastapi.testclient import TestClient
from dashtam.core.database import database_engine, upgrade_database
from dashtam.core.settings import Settings
from dashtam.presentation.api import create_app
from dashtam.presentation.api.import_routes import MULTIPART_OVERHEAD
from cryptography.fernet import Fernet
settings = Settings(_env_file=None, database_url=sys.argv[1],
                    token_encryption_key=Fernet.generate_key().decode())
upgrade_database(database_engine(settings))
content = open(sys.argv[2], "rb").read()
with TestClient(create_app(settings)) as client:
    started = time.perf_counter()
    answer = client.post(sys.argv[3], files={"file": ("hostile.qfx", content)},
                         data={"account_id": "acc"})
    print(answer.status_code, time.perf_counter() - started)
"""


def test_the_cdata_file_is_rejected_in_under_a_second(tmp_path: Path) -> None:
    """In a child process, so a parser that hangs fails this test instead of the suite."""
    cdata = (QFX_HEADER + "<OFX>" + "<A><![CDATA[x" * (1024 * 1024 // 13)).encode()
    assert 1024 * 1024 - 64 <= len(cdata) <= LIMIT
    (tmp_path / "hostile.qfx").write_bytes(cdata)
    try:
        finished = subprocess.run(
            [
                sys.executable,
                "-c",
                _TIMED_UPLOAD,
                f"sqlite:///{tmp_path / 'dashtam.db'}",
                str(tmp_path / "hostile.qfx"),
                ROUTE,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("uploading the 1 MiB CDATA file did not finish within 30 s")
    status, elapsed = finished.stdout.split()
    assert status == "422"
    assert float(elapsed) < 1.0, f"took {float(elapsed):.2f} s"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b"])
def test_control_characters_in_text_fields_are_rejected_with_their_line(
    client: TestClient, control: str
) -> None:
    header, good, second = CSV.content.splitlines()[:3]
    hostile = "\n".join([header, good, second.replace("ACME", f"AC{control}ME")]) + "\n"
    answer = client.post(
        ROUTE, files={"file": ("x.csv", hostile.encode())}, data={"account_id": "acc"}
    )
    assert answer.status_code == 422, answer.text
    assert [problem["line"] for problem in answer.json()["problems"]] == [3]
    assert _stored(client) == 0


def test_library_warnings_never_log_raw_values(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    long_account = "9876543210" * 3  # over OFX's 22 characters: ofxtools would warn
    hostile = QFX.content.replace("<ACCTID>000000001234", f"<ACCTID>{long_account}")
    assert long_account in hostile
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = client.post(
            ROUTE, files={"file": ("x.qfx", hostile.encode())}, data={"account_id": "acc"}
        )
    assert answer.status_code in (201, 422), answer.text
    assert long_account not in caplog.text
    assert all(long_account not in str(warning.message) for warning in caught)
    assert long_account not in answer.text


def test_an_account_number_in_the_file_never_shows(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    account_number = QFX.content.split("<ACCTID>")[1].split("\n")[0]
    assert len(account_number) >= 8
    caplog.set_level(logging.DEBUG)
    answer = client.post(
        ROUTE, files={"file": (QFX.name, QFX.content.encode())}, data={"account_id": "acc"}
    )
    assert answer.status_code == 201, answer.text
    assert account_number not in answer.text
    assert account_number not in caplog.text
