"""Local HTTP servers on 127.0.0.1 that fail the way real status pages do.

Each behaviour is a path on one threaded server (``/ok``, ``/slow``, ``/error``,
``/trickle``, ``/flaky``), plus a socket that listens but never answers (a hung
server) and a port nobody listens on (a refused connection).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: How long ``/slow`` takes to answer, in seconds.
SLOW_SECONDS = 0.3


@dataclass
class ServerState:
    """What the handler reads and records; tests flip ``flaky_ok`` to simulate recovery."""

    flaky_ok: bool = False
    #: ``/busy`` requests being answered now, and the most at once.
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer(self.server.state)

    def _answer(self, state: ServerState) -> None:
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200)
        elif path == "/error":
            self._send(500)
        elif path == "/flaky":
            self._send(200 if state.flaky_ok else 503)
        elif path == "/trickle":
            for byte in b"HTTP/1.1 200 OK\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/busy":
            # Counted only while the request waits, so a client that has its answer
            # is never still counted.
            with state.lock:
                state.active += 1
                state.max_active = max(state.max_active, state.active)
            time.sleep(0.2)
            with state.lock:
                state.active -= 1
            self._send(200)
        else:
            self._send(200)

    def _send(self, status: int) -> None:
        body = b'{"status": "fine"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle(self) -> None:
        """A client that gave up (its timeout) closes the socket: not the server's error."""
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on results, not on access logs."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState


@dataclass(frozen=True)
class HealthServers:
    """Base URLs of the local servers."""

    base: str
    hung: str
    refused: str
    state: ServerState


@contextmanager
def health_servers() -> Iterator[HealthServers]:
    """Start the servers on 127.0.0.1 (free ports) and stop them afterwards."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = ServerState()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused_port = closed.getsockname()[1]
    closed.close()
    try:
        yield HealthServers(
            base=f"http://127.0.0.1:{server.server_address[1]}",
            hung=f"http://127.0.0.1:{hung.getsockname()[1]}/status",
            refused=f"http://127.0.0.1:{refused_port}/status",
            state=server.state,
        )
    finally:
        server.shutdown()
        server.server_close()
        hung.close()
