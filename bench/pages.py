"""Load benchmark of the public pages, against two baselines measured in the same run.

    .venv/bin/python -m bench.pages [--repeats 3] [--duration 10] [--redis URL]

Starts the production server as the Procfile does (granian, WSGI, one blocking thread)
with DEBUG off, a fresh SECRET_KEY and a throw-away SQLite database with the demo data,
once with the page cache on and once off. wrk (Debian package ``wrk``) loads each URL
with 64 connections: the home page, a section page and the privacy policy, and two
baselines of the same size on the same server, a bare Django view and the same view
under Django's cache_page. The runs are interleaved and repeated; the table shows
medians, because the machine is shared. Exit status 1 if a target is missed.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"

PAGES = {
    "home": "/",
    "section": "/kontakt-hilfe/",
    "policy": "/kontakt-hilfe/datenschutz/",
}
CONNECTIONS = 64
# Targets from the issue: the page cache against cache_page, uncached pages against the
# bare view.
CACHED_RATIO_TARGET = 0.8
CACHED_P99_TARGET_MS = 25.0
UNCACHED_RATIO_TARGET = 0.5


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CACHE_PREFIX = f"bench-{secrets.token_hex(4)}"


def production_environment(database: Path, settings_module: str) -> dict:
    """This process's environment for a child with DEBUG off, a fresh secret and the
    given SQLite database, nothing of a developer's .env database or cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
    )
    return env


def bench_environment(bench_dir: Path, page_cache_seconds: int, redis_url: str | None) -> dict:
    env = production_environment(bench_dir / "db.sqlite3", "bench.settings")
    env.update(
        BENCH_DIR=str(bench_dir),
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        BENCH_CACHE_PREFIX=CACHE_PREFIX,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare_site(bench_dir: Path, redis_url: str | None) -> None:
    env = bench_environment(bench_dir, 0, redis_url)
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo_data"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def server(bench_dir: Path, page_cache_seconds: int, redis_url: str | None):
    """The Procfile's web process on a free port; yields its base URL."""
    port = free_port()
    log = open(bench_dir / f"server-{page_cache_seconds}.log", "w")
    process = subprocess.Popen(
        [
            GRANIAN,
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--blocking-threads",
            "1",
            "stadtwerk.wsgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env=bench_environment(bench_dir, page_cache_seconds, redis_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped with status {process.returncode}; see its log.")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.3)
    sys.exit(f"No answer from {url} within 60 s.")


def fetch(url: str) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Language": "de-DE,de;q=0.9"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), dict(response.headers)


LATENCY_LINE = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, duration: int) -> Measurement:
    result = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "--header",
            "Accept-Language: de-DE,de;q=0.9",
            url,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        sys.exit(f"wrk saw errors or timeouts for {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        pct: float(value) * UNIT_MS[unit] for pct, value, unit in LATENCY_LINE.findall(output)
    }
    return Measurement(rate, latency["50"], latency["99"])


def median(runs: list[Measurement]) -> Measurement:
    return Measurement(
        statistics.median(run.requests_per_second for run in runs),
        statistics.median(run.p50_ms for run in runs),
        statistics.median(run.p99_ms for run in runs),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--redis", metavar="URL", help="use this Redis as the cache")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (or run `make bench`).")

    with tempfile.TemporaryDirectory(prefix="stadtwerk-bench-") as tmp:
        bench_dir = Path(tmp)
        print("Preparing a throw-away database with the demo site …", flush=True)
        prepare_site(bench_dir, args.redis)
        runs: dict[tuple[str, str], list[Measurement]] = {}
        sizes: dict[str, int] = {}
        for repeat in range(1, args.repeats + 1):
            for cache_label, seconds in (("on", 300), ("off", 0)):
                with server(bench_dir, seconds, args.redis) as base:
                    if not sizes:
                        sizes = {name: len(fetch(base + path)[0]) for name, path in PAGES.items()}
                    size = int(statistics.median(sizes.values()))
                    targets = {name: base + path for name, path in PAGES.items()}
                    targets["bare view"] = f"{base}/bench/bare/{size}/"
                    targets["cache_page view"] = f"{base}/bench/cache-page/{size}/"
                    for name, url in targets.items():
                        fetch(url)  # warm: first render, cache fill
                        measured = wrk(url, args.duration)
                        runs.setdefault((name, cache_label), []).append(measured)
                        print(
                            f"  run {repeat}/{args.repeats}, page cache {cache_label}, {name}: "
                            f"{measured.requests_per_second:.0f} req/s, "
                            f"p50 {measured.p50_ms:.1f} ms, p99 {measured.p99_ms:.1f} ms",
                            flush=True,
                        )
                # The next server starts with an empty cache, as after a deployment.
                if args.redis:
                    redis_keys_delete(args.redis, f"{CACHE_PREFIX}:*")
    return report(runs, sizes, args)


def redis_keys_delete(redis_url: str, pattern: str) -> None:
    keys = subprocess.run(
        ["redis-cli", "-u", redis_url, "--scan", "--pattern", pattern],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if keys:
        subprocess.run(
            ["redis-cli", "-u", redis_url, "del", *keys], check=True, stdout=subprocess.DEVNULL
        )


def report(runs, sizes, args) -> int:
    medians = {key: median(values) for key, values in runs.items()}
    backend = "Redis" if args.redis else "local memory"
    print(
        f"\nMedians of {args.repeats} runs of {args.duration} s, {CONNECTIONS} connections, "
        f"cache backend {backend}; page sizes {sizes} bytes\n"
    )
    print(f"{'URL':<18}{'page cache':>11}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for (name, cache_label), m in medians.items():
        print(
            f"{name:<18}{cache_label:>11}{m.requests_per_second:>10.0f}"
            f"{m.p50_ms:>9.1f}{m.p99_ms:>9.1f}"
        )

    missed = 0
    print()
    for cache_label in ("on", "off"):
        cached = medians[("cache_page view", cache_label)].requests_per_second
        bare = medians[("bare view", cache_label)].requests_per_second
        print(
            f"Baselines (page cache {cache_label}): cache_page {cached:.0f}, bare {bare:.0f} req/s"
        )
    cached_baseline = medians[("cache_page view", "on")].requests_per_second
    bare_baseline = medians[("bare view", "off")].requests_per_second
    for name in PAGES:
        on, off = medians[(name, "on")], medians[(name, "off")]
        on_ratio = on.requests_per_second / cached_baseline
        off_ratio = off.requests_per_second / bare_baseline
        on_ok = on_ratio >= CACHED_RATIO_TARGET and on.p99_ms < CACHED_P99_TARGET_MS
        off_ok = off_ratio >= UNCACHED_RATIO_TARGET
        missed += (not on_ok) + (not off_ok)
        print(
            f"{name:<8} cached: {on_ratio:.2f}× cache_page, p99 {on.p99_ms:.1f} ms "
            f"(target ≥ {CACHED_RATIO_TARGET}×, < {CACHED_P99_TARGET_MS:.0f} ms) "
            f"{'ok' if on_ok else 'MISSED'}; "
            f"uncached: {off_ratio:.2f}× bare view (target ≥ {UNCACHED_RATIO_TARGET}×) "
            f"{'ok' if off_ok else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
