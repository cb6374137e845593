"""Benchmark: concurrent submissions of the contact form, production settings, PostgreSQL.

    .venv/bin/python bench/inquiries.py [--submissions 3000] [--concurrency 16] [--workers 2]

Starts granian with the production settings (DEBUG off, PostgreSQL, Redis when
REDIS_URL is set, the database task queue) on 127.0.0.1, behind a simulated trusted
proxy that says the request came over HTTPS from a distinct client address. Each
submission carries its own signed form token, minted beforehand with the server's key,
as a browser would have received it with the page. Prints submissions per second and
latency percentiles, then checks that every submission is in the database exactly
once, with exactly the text that was sent.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PATH = "/kontakt-hilfe/kontaktformular/"
MARK = "bench-"


def server_environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-" + "k" * 50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stadtwerk_bench"
        ),
        TRUSTED_PROXIES="127.0.0.1",
        CONN_MAX_AGE="600",
        BASE_URL=f"http://127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="stadtwerk.settings",
    )
    return env


def prepare(env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "load_demo_data"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True, cwd=ROOT)


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "1",
            "--log-level",
            "warning",
            "stadtwerk.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", PATH, headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("server did not start")


def submissions(count: int, port: int) -> list[tuple[str, bytes, str]]:
    """(client address, body, concern) per submission, with a fresh form token each."""
    import django

    django.setup()
    from inquiries.models import Topic
    from inquiries.protection import token_issue

    topic = Topic.objects.get(kind="contact", label="Sonstiges").pk
    run = uuid.uuid4().hex[:8]
    prepared = []
    for number in range(count):
        issued = token_issue(path=PATH)
        first, second = (int(part) for part in issued.question.split(" + "))
        concern = f"{MARK}{run}-{number}: Bitte um Rückruf wegen Abschlag – Ä ö ß € ✓"
        body = urlencode(
            {
                "form_token": issued.token,
                "human_check": first + second,
                "salutation": "none",
                "name": f"Bench Person {number}",
                "email": f"bench{number}@example.org",
                "topic": topic,
                "concern": concern,
            }
        ).encode()
        client = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        prepared.append((client, body, concern))
    return prepared


def post_submission(port: int, item) -> tuple[str, str, bytes | None, dict]:
    client, body, _concern = item
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://127.0.0.1:{port}",
        "Sec-Fetch-Site": "same-origin",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": client,
    }
    return "POST", PATH, body, headers


def get_form(port: int, item) -> tuple[str, str, bytes | None, dict]:
    return "GET", PATH, None, {"X-Forwarded-Proto": "https", "X-Forwarded-For": item[0]}


def fire(items, port: int, concurrency: int, shape) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    queue = list(reversed(items))

    def worker():
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            method, path, body, headers = shape(port, item)
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses.append(response.status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def verify(prepared) -> tuple[int, int, int]:
    """(stored, missing, duplicated) for the concerns sent in this run."""
    from django.db.models import Count

    from inquiries.models import Inquiry

    sent = {concern for _client, _body, concern in prepared}
    run_prefix = next(iter(sent)).split(":")[0].rsplit("-", 1)[0]
    stored = Inquiry.objects.filter(concern__startswith=run_prefix + "-")
    counts = dict(stored.values_list("concern").annotate(n=Count("id")).values_list("concern", "n"))
    missing = len(sent - counts.keys())
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    return sum(counts.values()), missing, duplicated


def percentile(latencies: list[float], share: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    env = server_environment(args.port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    prepare(env)
    prepared = submissions(args.submissions, args.port)
    server = start_server(env, args.port, args.workers)
    try:
        # Baseline in the same run: visitors loading the same form page (page routing
        # and rendering), so the ratio means something on a machine busy with other work.
        base_latencies, _statuses, base_wall = fire(prepared, args.port, args.concurrency, get_form)
        latencies, statuses, wall = fire(prepared, args.port, args.concurrency, post_submission)
    finally:
        server.terminate()
        server.wait()
    stored, missing, duplicated = verify(prepared)

    rate, base_rate = len(prepared) / wall, len(prepared) / base_wall
    ok = statuses.count(302)
    print(f"submissions:      {len(prepared)} ({ok} answered 302, {len(prepared) - ok} other)")
    print(f"concurrency:      {args.concurrency} clients, {args.workers} granian workers")
    print(f"throughput:       {rate:.0f} submissions/s")
    print(
        f"latency:          p50 {percentile(latencies, 0.5):.1f} ms, "
        f"p99 {percentile(latencies, 0.99):.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(
        f"baseline:         GET of the form page {base_rate:.0f} requests/s, "
        f"p99 {percentile(base_latencies, 0.99):.1f} ms; submissions/s are "
        f"{rate / base_rate:.2f} x that"
    )
    print(f"in the database:  {stored} stored, {missing} missing, {duplicated} duplicated")
    if ok != len(prepared) or missing or duplicated or stored != len(prepared):
        raise SystemExit("LOSS OR DUPLICATES")


if __name__ == "__main__":
    main()
