"""Benchmark: Chase import time against file size, for every hostile shape and a real one.

Each shape of ``tests/infrastructure/chase/hostile_files.py`` is parsed at sizes
doubling up to Chase's size limit, and so is a valid QFX statement and a valid CSV
with as many transactions as fit. Time that grows linearly with size shows no
backtracking; the tests assert only a generous bound at the limit. Not a test:
timings vary with the machine.

    python scripts/benchmark_chase_parse.py                  # 64 KiB .. the size limit
    python scripts/benchmark_chase_parse.py --max-kib 1024
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "infrastructure" / "chase"))

from chase_files import CHECKING, QFX  # noqa: E402
from hostile_files import REFUSED_SHAPES  # noqa: E402

from dashtam.infrastructure.providers.chase import (  # noqa: E402
    ChaseImportError,
    chase_setup,
    parse_chase_file,
)


def _many_transactions(sample: bytes, after: bytes, end: bytes) -> Callable[[int], bytes]:
    """``sample`` with the transaction that starts at ``after`` repeated to about ``size`` bytes."""
    start = sample.index(after)
    stop = sample.index(end, start + len(after)) + len(end)
    record = sample[start:stop]

    def make(size: int) -> bytes:
        count = max((size - len(sample)) // len(record), 1)
        return sample[:start] + record * count + sample[stop:]

    return make


VALID: Final = {
    "valid-qfx": _many_transactions(QFX, b"<STMTTRN>", b"</STMTTRN>\n"),
    "valid-csv": _many_transactions(CHECKING, b"DEBIT,", b"\n"),
}


def _time(content: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        imported = parse_chase_file(content, account_id="bench", filename="bench.qfx")
        outcome = f"{len(imported.transactions)} transactions"
    except ChaseImportError as error:
        outcome = f"refused at line {error.line}"
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    limit = chase_setup().max_file_bytes
    parser.add_argument("--max-kib", type=int, default=limit // 1024)
    arguments = parser.parse_args()
    sizes: list[int] = []
    size = 64 * 1024
    while size <= min(arguments.max_kib * 1024, limit):
        sizes.append(size)
        size *= 2
    if sizes[-1] != min(arguments.max_kib * 1024, limit):
        sizes.append(min(arguments.max_kib * 1024, limit))
    shapes = {name: make for name, (make, _) in REFUSED_SHAPES.items()} | VALID
    print(f"{'shape':30} " + " ".join(f"{size // 1024:>8} KiB" for size in sizes))
    for name, make in shapes.items():
        cells = []
        outcome = ""
        for size in sizes:
            content = make(size)[:limit]
            seconds, outcome = _time(content)
            cells.append(f"{seconds * 1000:10.1f}ms")
        print(f"{name:30} " + " ".join(cells) + f"  ({outcome})", flush=True)


if __name__ == "__main__":
    main()
