"""Benchmark: how the docs build scales with the number of providers.

For each size, the site is built two ways from the same synthetic registry
(``dashtam.docs.synthetic``):

* generated: a real ``mkdocs build --strict`` of the repo's ``mkdocs.yml``, the pages
  produced by gen-files at build time from ``DASHTAM_DOCS_REGISTRY``;
* static: the same pages written to a folder first (``python -m dashtam.docs build``)
  and built by a copy of that config without gen-files and without the render hook
  (``scripts/docs_render_hook.py``), whose ``docs_dir`` is the folder. This is the
  baseline: what the build costs when nothing is generated.

The two builds must produce byte-identical sites, or the run stops: otherwise the
comparison would be between different sites. Each build runs in a fresh process so
its wall time and peak RSS are its own. The figures are printed as a markdown table,
followed by the issue's two targets as PASS/FAIL lines. Not a test: timings vary
with the machine, so nothing asserts them.

    python scripts/benchmark_docs_build.py                  # 10, 100, 1,000, 5,000; 5 each
    python scripts/benchmark_docs_build.py --sizes 1000 --repeat 9
    python scripts/benchmark_docs_build.py --profile 1000   # where a generated build spends time
"""

from __future__ import annotations

import argparse
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
REPO_CONFIG: Final = REPO_ROOT / "mkdocs.yml"
REGISTRY_ENV: Final = "DASHTAM_DOCS_REGISTRY"
SYNTHETIC_REGISTRY: Final = "dashtam.docs.synthetic:from_environment"
SIZE_ENV: Final = "DASHTAM_SYNTHETIC_PROVIDERS"
DEFAULT_SIZES: Final = (10, 100, 1000, 5000)
GEN_FILES_PLUGIN: Final = "gen-files"
#: The MkDocs hook that renders the generated pages; it is generation, so static drops it.
RENDER_HOOK: Final = "docs_render_hook.py"
# Config keys holding paths MkDocs resolves against the config file's folder; the
# static config lives elsewhere, so they are made absolute to keep it identical.
_PATH_KEYS: Final = ("docs_dir", "site_dir")
# Targets from the issue.
MAX_GENERATED_OVERHEAD: Final = 0.03
MAX_PER_PROVIDER_GROWTH: Final = 1.2
OVERHEAD_SIZE: Final = 1000
GROWTH_SIZES: Final = (100, 5000)


@dataclass(frozen=True)
class Run:
    """One build: wall and CPU time, and the peak resident memory of its process.

    CPU seconds (user + system) are printed beside wall seconds because they barely
    move when another process shares the machine's cores, so a surprising wall
    figure can be told apart from a noisy neighbour. A generated build's CPU seconds
    include its render process, which runs on a second core while MkDocs starts up; its
    peak RSS is the larger of the two processes'.
    """

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    pages: int


@dataclass(frozen=True)
class Row:
    """The median generated and static builds for one registry size.

    ``generated_runs[i]`` and ``static_runs[i]`` ran back to back, so their ratio is
    measured under the same machine load; the median of those paired ratios is a
    steadier overhead figure than the ratio of the two medians on a shared machine.
    """

    providers: int
    generated: Run
    static: Run
    generated_runs: tuple[float, ...]
    static_runs: tuple[float, ...]

    @property
    def paired_ratios(self) -> list[float]:
        return [g / s for g, s in zip(self.generated_runs, self.static_runs, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.paired_ratios)

    @property
    def seconds_per_provider(self) -> float:
        return self.generated.seconds / self.providers


class BuildFailedError(RuntimeError):
    """A build exited non-zero; the message carries the command and its output's tail."""


class _Tagged:
    """A YAML node with a tag the benchmark does not interpret, written back verbatim."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag = tag
        self.node = node


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the objects its ``!!python/name`` tags name."""


class _ConfigDumper(yaml.SafeDumper):
    """Writes the copied config, tags included."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    return data.node


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(_Tagged, _represent_tagged)


def static_config(config_path: Path, docs_dir: Path, out: Path) -> Path:
    """A copy of ``config_path`` without generation that builds the pages in ``docs_dir``.

    Generation is the gen-files plugin and the render hook; every other plugin, hook and
    setting is kept.

    Raises:
        ValueError: If the config does not use gen-files (then there is nothing to
            compare against) or is not a mapping.
    """
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    if not isinstance(config, dict):
        raise ValueError(f"{config_path} is not a YAML mapping; a MkDocs config must be one.")
    plugins = config.get("plugins", [])
    kept = [plugin for plugin in plugins if _plugin_name(plugin) != GEN_FILES_PLUGIN]
    if len(kept) == len(plugins):
        raise ValueError(
            f"{config_path} does not list the {GEN_FILES_PLUGIN!r} plugin, so there is no "
            f"generated build to compare with a static one. Add gen-files to its plugins."
        )
    config["plugins"] = kept
    base = config_path.parent
    for key in _PATH_KEYS:
        if isinstance(config.get(key), str):
            config[key] = str((base / config[key]).resolve())
    config["docs_dir"] = str(docs_dir)
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((base / theme["custom_dir"]).resolve())
    if isinstance(config.get("hooks"), list):
        config["hooks"] = [
            str((base / hook).resolve())
            for hook in config["hooks"]
            if Path(hook).name != RENDER_HOOK
        ]
    config.pop("watch", None)  # only `mkdocs serve` reads it
    out.write_text(yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False), encoding="utf-8")
    return out


def _plugin_name(plugin: object) -> str | None:
    if isinstance(plugin, str):
        return plugin
    if isinstance(plugin, dict) and len(plugin) == 1:
        return str(next(iter(plugin)))
    return None


def synthetic_env(size: int) -> dict[str, str]:
    """The environment that makes a build document a synthetic registry of ``size``."""
    env = dict(os.environ)
    env |= {
        REGISTRY_ENV: SYNTHETIC_REGISTRY,
        SIZE_ENV: str(size),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    return env


def measure(
    command: Sequence[str], env: Mapping[str, str], log: Path
) -> tuple[float, float, float]:
    """Run ``command`` to completion; its wall seconds, CPU seconds and peak RSS in MB.

    ``os.wait4`` returns the resource usage of exactly this child (and its waited-for
    descendants), so each build's peak memory is its own, not the session's maximum.
    """
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise BuildFailedError(
            f"`{' '.join(command)}` exited with {process.returncode}; last lines of {log}:\n{tail}"
        )
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return seconds, cpu_seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def mkdocs_build(config: Path, site_dir: Path) -> list[str]:
    """The argv of a strict build of ``config`` into ``site_dir``."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
    ]


def count_pages(site_dir: Path) -> int:
    """HTML pages in a built site (404 included)."""
    return sum(1 for _ in site_dir.rglob("*.html"))


def _site_files(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}


def site_differences(first: Path, second: Path) -> list[str]:
    """Files that exist in only one of two built sites or differ in content.

    The comparison is only fair if both builds produce the same site, byte for byte.
    """
    left, right = _site_files(first), _site_files(second)
    differences = [f"only in {first.name}: {name}" for name in sorted(left.keys() - right.keys())]
    differences += [f"only in {second.name}: {name}" for name in sorted(right.keys() - left.keys())]
    differences += [
        f"differs: {name}"
        for name in sorted(left.keys() & right.keys())
        if left[name].read_bytes() != right[name].read_bytes()
    ]
    return differences


def write_static_pages(size: int, out: Path, work: Path) -> None:
    """The site's markdown for a synthetic registry of ``size``, written to ``out``."""
    command = [sys.executable, "-m", "dashtam.docs", "build", "--out", str(out)]
    measure(command, synthetic_env(size), work / "static-pages.log")


def benchmark_size(size: int, repeat: int, config: Path, work: Path) -> Row:
    """Median generated and static builds of a synthetic registry of ``size``."""
    pages = work / "pages"
    write_static_pages(size, pages, work)
    static_yml = static_config(config, pages, work / "mkdocs-static.yml")
    env = synthetic_env(size)
    generated: list[Run] = []
    static: list[Run] = []
    for attempt in range(repeat):
        # Alternate which build goes first so drift on a busy machine hits both alike.
        order = ("generated", "static") if attempt % 2 == 0 else ("static", "generated")
        for kind in order:
            site = work / f"site-{kind}"
            yml = config if kind == "generated" else static_yml
            seconds, cpu, rss = measure(mkdocs_build(yml, site), env, work / f"{kind}.log")
            (generated if kind == "generated" else static).append(
                Run(seconds, cpu, rss, count_pages(site))
            )
    differences = site_differences(work / "site-generated", work / "site-static")
    if differences:
        shown = "\n  ".join(differences[:20])
        raise BuildFailedError(
            f"At {size} providers the generated and static builds made different sites "
            f"({len(differences)} file(s)), so comparing their times means nothing:\n  {shown}\n"
            f"Compare {work}/site-generated with {work}/site-static."
        )
    return Row(
        size,
        _median(generated),
        _median(static),
        tuple(run.seconds for run in generated),
        tuple(run.seconds for run in static),
    )


def _median(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(run.seconds for run in runs),
        statistics.median(run.cpu_seconds for run in runs),
        statistics.median(run.peak_rss_mb for run in runs),
        runs[0].pages,
    )


def table(rows: Sequence[Row]) -> str:
    """The results as a markdown table."""
    lines = [
        "| providers | pages | generated s | static s | gen/static % "
        "| s per provider (generated) | peak RSS MB (generated/static) "
        "| CPU s (generated/static) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.providers:,} | {row.generated.pages:,} | {row.generated.seconds:.2f} "
            f"| {row.static.seconds:.2f} | {row.ratio * 100:.1f}% "
            f"| {row.seconds_per_provider:.4f} "
            f"| {row.generated.peak_rss_mb:.0f} / {row.static.peak_rss_mb:.0f} "
            f"| {row.generated.cpu_seconds:.2f} / {row.static.cpu_seconds:.2f} |"
        )
    return "\n".join(lines)


def target_checks(rows: Sequence[Row]) -> Iterator[tuple[bool, str]]:
    """The issue's two targets, each as (passed, line); a target whose sizes were not run
    is reported as not checked rather than passed."""
    by_size = {row.providers: row for row in rows}
    at = by_size.get(OVERHEAD_SIZE)
    if at is None:
        yield True, f"NOT CHECKED generated vs static at {OVERHEAD_SIZE:,}: size not run"
    else:
        overhead = at.ratio - 1
        passed = abs(overhead) <= MAX_GENERATED_OVERHEAD
        ratios = at.paired_ratios
        yield (
            passed,
            f"{'PASS' if passed else 'FAIL'} generated vs static at {OVERHEAD_SIZE:,} providers: "
            f"{at.generated.seconds:.2f} s vs {at.static.seconds:.2f} s (medians); median of "
            f"{len(ratios)} paired ratio(s) {overhead:+.1%}, range "
            f"{min(ratios) - 1:+.1%} to {max(ratios) - 1:+.1%} "
            f"(target within ±{MAX_GENERATED_OVERHEAD:.0%})",
        )
    small, large = (by_size.get(size) for size in GROWTH_SIZES)
    if small is None or large is None:
        yield (
            True,
            (f"NOT CHECKED s/provider at {GROWTH_SIZES[1]:,} vs {GROWTH_SIZES[0]:,}: size not run"),
        )
    else:
        growth = large.seconds_per_provider / small.seconds_per_provider
        passed = growth <= MAX_PER_PROVIDER_GROWTH
        yield (
            passed,
            f"{'PASS' if passed else 'FAIL'} s/provider at {large.providers:,} "
            f"({large.seconds_per_provider:.4f}) vs at {small.providers:,} "
            f"({small.seconds_per_provider:.4f}) = {growth:.2f}x "
            f"(target <= {MAX_PER_PROVIDER_GROWTH}x)",
        )


def profile(size: int, config: Path, work: Path, top: int) -> str:
    """Where a generated build of ``size`` providers spends its time, by package and function.

    The pages are rendered in a separate process (``scripts/docs_render_hook.py``), which
    a profile of the MkDocs process cannot see, so that process is profiled on its own too.
    """
    env = synthetic_env(size)
    build = mkdocs_build(config, work / "site-profiled")
    render = [sys.executable, "-m", "dashtam.docs", "pages", "--docs-dir", str(REPO_ROOT / "docs")]
    sections = []
    for title, argv, name in (
        (f"generated build of {size:,} providers (the MkDocs process)", build, "build"),
        (f"rendering {size:,} providers (python -m dashtam.docs pages)", render, "render"),
    ):
        stats_file = work / f"{name}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *argv[1:]]
        seconds, _, _ = measure(command, env, work / f"profile-{name}.log")
        sections.append(_profile_report(title, seconds, stats_file, top))
    return "\n\n".join(sections)


def _profile_report(title: str, seconds: float, stats_file: Path, top: int) -> str:
    stats = pstats.Stats(str(stats_file))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]  # undocumented but stable
    by_package: dict[str, float] = {}
    for (filename, _, _), (_, _, own_seconds, _, _) in raw.items():
        package = _package_of(filename)
        by_package[package] = by_package.get(package, 0.0) + own_seconds
    lines = [f"Profiled {title}: {seconds:.1f} s wall under cProfile"]
    lines.append("\nOwn time by package (top 12):")
    for package, own in sorted(by_package.items(), key=lambda item: -item[1])[:12]:
        lines.append(f"  {own:8.2f} s  {package}")
    lines.append(f"\nTop {top} functions by cumulative time:")
    ranked = sorted(raw.items(), key=lambda item: -item[1][3])
    for (filename, line, function), (_, calls, _, cumulative, _) in ranked[:top]:
        where = f"{_package_of(filename)}:{Path(filename).name}:{line}"
        lines.append(f"  {cumulative:8.2f} s  {calls:>9,} calls  {function}  ({where})")
    return "\n".join(lines)


def _package_of(filename: str) -> str:
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "src" in parts and "dashtam" in parts:
        return "dashtam"
    if filename.startswith("<"):
        return "builtins"
    return "stdlib/other"


def _seconds(runs: Sequence[float]) -> str:
    return ", ".join(f"{seconds:.2f}" for seconds in runs) + " s"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sizes takes whole numbers separated by commas, e.g. 10,100; got {text!r}"
        ) from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"--sizes needs at least one size of 1 or more: {text!r}")
    return sizes


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 if a target fails, 2 if a build fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--repeat",
        type=_positive,
        default=5,
        help="builds per kind (default 5); single builds vary by several percent",
    )
    parser.add_argument("--config", type=Path, default=REPO_CONFIG, help="the generated config")
    parser.add_argument("--profile", type=_positive, metavar="SIZE", help="cProfile one build")
    parser.add_argument("--top", type=_positive, default=25, help="functions listed by --profile")
    parser.add_argument("--keep", type=Path, help="keep pages and sites under this folder")
    args = parser.parse_args(argv)
    config = args.config.resolve()

    with tempfile.TemporaryDirectory(prefix="dashtam-bench-") as scratch:
        root = args.keep.resolve() if args.keep else Path(scratch)
        try:
            if args.profile:
                work = root / f"profile-{args.profile}"
                work.mkdir(parents=True, exist_ok=True)
                print(profile(args.profile, config, work, args.top))
                return 0
            rows = []
            for size in args.sizes:
                work = root / f"providers-{size}"
                work.mkdir(parents=True, exist_ok=True)
                row = benchmark_size(size, args.repeat, config, work)
                print(
                    f"{size:,} providers: generated {_seconds(row.generated_runs)}; "
                    f"static {_seconds(row.static_runs)}",
                    file=sys.stderr,
                    flush=True,
                )
                rows.append(row)
        except (BuildFailedError, ValueError) as error:
            print(f"benchmark stopped: {error}", file=sys.stderr)
            return 2
    print(f"Median of {args.repeat} build(s) per kind; {os.cpu_count()} CPU(s); {config}\n")
    print(table(rows))
    print("\ngen/static % is the median of the per-repeat ratios of back-to-back builds.\n")
    results = list(target_checks(rows))
    for _, line in results:
        print(line)
    return 0 if all(passed for passed, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
