"""Real HTTP servers on 127.0.0.1 that misbehave on purpose: dripping, stalling, flooding.

Each server is a plain socket in a thread that answers every connection with the
given ``respond(connection)``, so the client under test goes through a real
``httpx`` transport, real sockets and real timeouts.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

Respond = Callable[[socket.socket], None]


@contextlib.contextmanager
def local_server(respond: Respond) -> Iterator[str]:
    """Serve ``respond`` on a free port of 127.0.0.1; yields the base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def handle(connection: socket.socket) -> None:
        with contextlib.suppress(OSError), connection:
            _read_request(connection)
            respond(connection)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def _read_request(connection: socket.socket) -> None:
    """Read up to the end of the request head (the requests under test have small bodies)."""
    connection.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return
        data += chunk


def drip(interval: float, *, declared: int = 1_000_000) -> Respond:
    """Headers at once, then one byte of body every ``interval`` seconds, for as long as read."""

    def respond(connection: socket.socket) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {declared}\r\n\r\n".encode()
        )
        for _ in range(declared):
            connection.sendall(b" ")
            time.sleep(interval)

    return respond


def stall(seconds: float) -> Respond:
    """Accept the request and answer nothing for ``seconds``."""

    def respond(connection: socket.socket) -> None:
        time.sleep(seconds)

    return respond


def flood(size: int, *, declare_length: bool) -> Respond:
    """A 200 whose body is ``size`` bytes of a JSON string, with or without Content-Length."""

    def respond(connection: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if declare_length:
            connection.sendall(head + f"Content-Length: {size}\r\n\r\n".encode())
            body_chunk = b"x" * 65536
            sent = 0
            while sent < size:
                piece = body_chunk[: size - sent]
                connection.sendall(piece)
                sent += len(piece)
            return
        connection.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        for _ in range(size // len(chunk)):
            connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        connection.sendall(b"0\r\n\r\n")

    return respond
