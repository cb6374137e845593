"""Benchmark of access-log ingestion, against GoAccess on the same file in the same run.

    .venv/bin/python -m bench.ingest [--lines 1000000] [--sizes 100000,1000000,5000000]
                                     [--repeats 3] [--seed 1]

Generates realistic combined-format logs (traffic.sample_logs: about 200 paths with
query strings and secret-carrying links, 500 user agents of which a fifth are bots,
IPv4 and IPv6, 90 days) into a throw-away directory. For each size, rounds alternate:
our whole ingestion (``log_file_ingest``: fingerprint, line count, DuckDB parsing,
path normalisation, bot and user-agent classification, aggregation, the upsert of the
counts and the bookkeeping, in one transaction) in a child process with production
settings against a fresh copy of a migrated SQLite database, and GoAccess (Debian
package ``goaccess``) with the options of the cross-check test, JSON output. Each
child's peak memory is its own maximum resident set size (``wait4``). The table shows
medians. Exit status 1 if a target is missed: ours at least 10× GoAccess's lines/s
on a log of a million lines or more (the issue's log; below that, the start-up of a
fresh process, about half a second, is most of our time), at most 512 MiB
whatever the size, and lines/s that do not drop by more than a third from the
smallest size to the largest (linear growth).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.pages import production_environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
RATIO_TARGET = 10.0
#: The ratio is a target from this size on; smaller sizes show it for orientation.
RATIO_TARGET_FROM_LINES = 1_000_000
MEMORY_TARGET_MIB = 512
#: Lines/s at the largest size may be this much below those at the smallest.
LINEAR_TOLERANCE = 1 / 3
GOACCESS_OPTIONS = (
    "--no-global-config",
    "--log-format=COMBINED",
    "--no-query-string",
    "--http-method=yes",
    "--http-protocol=yes",
    "--max-items=1000000",
)


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    process_seconds: float

    def rate(self, lines: int) -> float:
        return lines / self.seconds


def measured(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak MiB (of this child alone) and standard output of a command."""
    # Both outputs go to files: GoAccess's progress on standard error outgrows a pipe
    # on a slow day, and a child that cannot write waits for ever.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if process.returncode:
        sys.exit(f"{command[0]} failed with status {process.returncode}:\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout


def ours(log: Path, template_db: Path, bench_dir: Path, lines: int) -> Run:
    database = bench_dir / "run.sqlite3"
    shutil.copyfile(template_db, database)
    process_seconds, peak, stdout = measured(
        [str(PYTHON), "-m", "bench.ingest", "--child", str(log)],
        production_environment(database, "stadtwerk.settings"),
    )
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["lines"] != lines or result["counted"] != lines:
        sys.exit(f"Our ingestion counted {result} of {lines} lines.")
    database.unlink()
    return Run(result["seconds"], peak, process_seconds)


def goaccess(log: Path, bench_dir: Path, lines: int) -> Run:
    report = bench_dir / "goaccess.json"
    seconds, peak, _ = measured(["goaccess", str(log), *GOACCESS_OPTIONS, "-o", str(report)])
    valid = json.loads(report.read_text())["general"]["valid_requests"]
    if valid != lines:
        sys.exit(f"GoAccess counted {valid} of {lines} lines.")
    report.unlink()
    return Run(seconds, peak, seconds)


def child(log: Path) -> None:
    """In the child process: ingest `log` once and print what it took."""
    import django

    django.setup()
    from django.urls import get_resolver

    from traffic.models import DailyCount
    from traffic.services import log_file_ingest

    # `manage.py traffic ingest` has imported the URL configuration for its system
    # checks before it ingests, and a task worker has it from its first task; ua-parser's
    # patterns, needed only here, are loaded inside the measurement.
    assert get_resolver().url_patterns

    started = time.perf_counter()
    ingested = log_file_ingest(path=log)
    seconds = time.perf_counter() - started
    counted = sum(DailyCount.objects.filter(dimension="total").values_list("hits", flat=True))
    print(json.dumps({"seconds": seconds, "lines": ingested.lines, "counted": counted}))


def migrated_database(bench_dir: Path) -> Path:
    database = bench_dir / "template.sqlite3"
    subprocess.run(
        [str(PYTHON), "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=production_environment(database, "stadtwerk.settings"),
        check=True,
    )
    return database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--sizes", help="comma-separated line counts, instead of --lines")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    if not shutil.which("goaccess"):
        sys.exit("goaccess is missing: apt-get install goaccess.")
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [args.lines]

    from traffic.sample_logs import sample_log_write

    results: dict[int, dict[str, list[Run]]] = {}
    with tempfile.TemporaryDirectory(prefix="traffic-bench-") as tmp:
        bench_dir = Path(tmp)
        print("Migrating a throw-away SQLite database …", flush=True)
        template_db = migrated_database(bench_dir)
        for lines in sizes:
            log = bench_dir / f"access-{lines}.log"
            started = time.perf_counter()
            sample_log_write(log, lines, days=args.days, seed=args.seed)
            print(
                f"{lines:,} lines generated ({log.stat().st_size / 2**20:.0f} MiB) "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            runs = results.setdefault(lines, {"ours": [], "goaccess": []})
            for repeat in range(1, args.repeats + 1):
                for name in ("ours", "goaccess"):
                    if name == "ours":
                        run = ours(log, template_db, bench_dir, lines)
                    else:
                        run = goaccess(log, bench_dir, lines)
                    runs[name].append(run)
                    print(
                        f"  {lines:,} lines, run {repeat}/{args.repeats}, {name}: "
                        f"{run.seconds:.2f} s, {run.rate(lines):,.0f} lines/s, "
                        f"peak {run.peak_mib:.0f} MiB",
                        flush=True,
                    )
            log.unlink()
    return report(results, args)


def report(results: dict[int, dict[str, list[Run]]], args) -> int:
    print(
        f"\nMedians of {args.repeats} runs, {args.days} days, seed {args.seed}; "
        f"load average at the end {os.getloadavg()[0]:.1f}\n"
    )
    header = (
        f"{'lines':>10}{'ours lines/s':>14}{'ours MiB':>10}{'ours process s':>16}"
        f"{'GoAccess lines/s':>18}{'GoAccess MiB':>14}{'ratio':>8}"
    )
    print(header)
    missed = 0
    rates = {}
    for lines, runs in results.items():
        our_rate = statistics.median(run.rate(lines) for run in runs["ours"])
        their_rate = statistics.median(run.rate(lines) for run in runs["goaccess"])
        our_peak = statistics.median(run.peak_mib for run in runs["ours"])
        their_peak = statistics.median(run.peak_mib for run in runs["goaccess"])
        process = statistics.median(run.process_seconds for run in runs["ours"])
        ratio = our_rate / their_rate
        rates[lines] = our_rate
        missed += lines >= RATIO_TARGET_FROM_LINES and ratio < RATIO_TARGET
        missed += max(run.peak_mib for run in runs["ours"]) > MEMORY_TARGET_MIB
        print(
            f"{lines:>10,}{our_rate:>14,.0f}{our_peak:>10.0f}{process:>16.2f}"
            f"{their_rate:>18,.0f}{their_peak:>14.0f}{ratio:>7.1f}×"
        )
    print(
        f"\nTargets: ours ≥ {RATIO_TARGET:.0f}× GoAccess's lines/s from "
        f"{RATIO_TARGET_FROM_LINES:,} lines on, peak ≤ {MEMORY_TARGET_MIB} MiB (every run)"
    )
    if len(rates) > 1:
        smallest, largest = min(rates), max(rates)
        drop = 1 - rates[largest] / rates[smallest]
        linear = drop <= LINEAR_TOLERANCE
        missed += not linear
        print(
            f"Growth {smallest:,} → {largest:,} lines: lines/s changed by {-drop:+.0%} "
            f"(target: no drop beyond {LINEAR_TOLERANCE:.0%}) {'ok' if linear else 'MISSED'}"
        )
    print("All targets met." if not missed else f"{missed} target(s) MISSED.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
