"""Load benchmark of the discovery API on 127.0.0.1, with a static file as the floor.

Measures requests/s and p50/p99 latency of ``GET /api/v1/providers`` (200, and 304
with ``If-None-Match``) at 1, 10 and 50 concurrent keep-alive clients, under uvicorn
with 1 and 2 workers, side by side with the same JSON served as a static file by
Starlette's ``StaticFiles`` under the same uvicorn: the floor for "just send the file"
(no serializer, no registry). ``StaticFiles`` stats and reads the file on every
request, while the API sends a body serialized once at start-up, so the API can beat it.

The clients are asyncio streams speaking HTTP/1.1 directly (no client library in the
measured path). Client and server share the machine's cores, so figures are for
comparison within one run, not absolute capacity.

    .venv/bin/python scripts/benchmark_api.py [--seconds 2] [--clients 1 10 50] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR_ENV = "DASHTAM_BENCH_STATIC_DIR"
API_PATH = "/api/v1/providers"


def static_app() -> object:
    """The floor: the providers document as a static file (uvicorn ``--factory`` target)."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    directory = os.environ[STATIC_DIR_ENV]
    return Starlette(routes=[Mount("/static", StaticFiles(directory=directory))])


@dataclass(frozen=True)
class Result:
    server: str
    workers: int
    clients: int
    status: int
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _client(
    port: int, request: bytes, stop: float, latencies: list[float], statuses: set[int]
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    done = 0
    try:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses.add(int(head.split(b" ", 2)[1]))
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            done += 1
    finally:
        writer.close()
    return done


async def _load(
    port: int, path: str, etag: str | None, clients: int, seconds: float
) -> tuple[int, list[float], set[int]]:
    conditional = f"If-None-Match: {etag}\r\n" if etag else ""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{conditional}\r\n".encode()
    latencies: list[float] = []
    statuses: set[int] = set()
    stop = time.perf_counter() + seconds
    counts = await asyncio.gather(
        *(_client(port, request, stop, latencies, statuses) for _ in range(clients))
    )
    return sum(counts), latencies, statuses


def _start(
    target: list[str], workers: int, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *target,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=env["DASHTAM_BENCH_CWD"],
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"uvicorn {target} exited with {process.returncode}") from None
            time.sleep(0.1)
    time.sleep(0.5 * workers)  # let every worker finish its start-up
    return process, port


def _etag(port: int, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as answer:
        return answer.headers["ETag"], answer.read()


def run(seconds: float, client_counts: Sequence[int], worker_counts: Sequence[int]) -> list[Result]:
    from cryptography.fernet import Fernet

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dashtam-bench-") as scratch:
        base = Path(scratch)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{base / 'dashtam.db'}",
            "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            STATIC_DIR_ENV: str(base / "static"),
            "DASHTAM_BENCH_CWD": str(base),
        }
        subprocess.run(
            [sys.executable, "-m", "dashtam", "db", "upgrade"],
            env=env,
            cwd=base,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (base / "static").mkdir()
        servers = {
            "api": (["dashtam.presentation.api:app"], API_PATH),
            "static": (
                ["--app-dir", str(Path(__file__).parent), "--factory", "benchmark_api:static_app"],
                "/static/providers.json",
            ),
        }
        for workers in worker_counts:
            for name, (target, path) in servers.items():
                process, port = _start(target, workers, env)
                try:
                    if name == "api":
                        etag, body = _etag(port, path)
                        (base / "static" / "providers.json").write_bytes(body)
                    else:
                        etag, _ = _etag(port, path)
                    for status, tag in ((200, None), (304, etag)):
                        for clients in client_counts:
                            count, latencies, seen = asyncio.run(
                                _load(port, path, tag, clients, seconds)
                            )
                            if seen != {status}:
                                raise SystemExit(f"{name} answered {seen}, expected {status}")
                            results.append(
                                Result(name, workers, clients, status, count, seconds, latencies)
                            )
                finally:
                    process.terminate()
                    process.wait(timeout=30)
    return results


def table(results: Sequence[Result]) -> str:
    lines = [
        "| server | workers | clients | status | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in sorted(results, key=lambda r: (r.status, r.workers, r.clients, r.server)):
        lines.append(
            f"| {result.server} | {result.workers} | {result.clients} | {result.status} | "
            f"{result.rate:,.0f} | {result.percentile(0.50):.2f} | {result.percentile(0.99):.2f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="load per cell (default 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(arguments.seconds, arguments.clients, arguments.workers)
    print(table(results))
    mean = statistics.mean(r.rate for r in results)
    print(f"\n{len(results)} cells, mean {mean:,.0f} req/s, {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
