"""Timing benchmark: do known and unknown identifiers take the same time to answer?

    .venv/bin/python -m bench.enumeration [--samples 200]

The tests (portal/tests/test_no_enumeration.py) prove that a known and an unknown
identifier get the same page, status, database queries and queued tasks. This measures
what an attacker would measure: the production server (granian, DEBUG off, a
throw-away SQLite database with the demo data and the database task queue, so mails
wait for a worker as in production) answers each path that takes an identifier,
alternating at random between identifiers that exist and ones that do not. Every
sample uses a fresh identifier and claims its own client address through a trusted
proxy header, so rate limits never answer instead of the view. Only the POST is timed;
the GET before it fetches the CSRF token.

For each path it prints the medians of both groups, their difference and a bootstrap
95 % interval of that difference. Exit status 1 if an interval lies wholly beyond
±5 % of the unknown group's median, i.e. a difference that is both measurable and
large enough to matter.
"""

import argparse
import contextlib
import json
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

from bench.pages import GRANIAN, PYTHON, ROOT, bench_environment, free_port, wait_until_up

TOLERANCE = 0.05
ACCOUNTS_SCRIPT = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from portal.models import Customer, OnlineAccess

template = User(username="template")
template.set_password("bench-" + "x" * 20)
customers = list(Customer.objects.filter(online_access=None).order_by("customer_number")[:{n}])
for index, customer in enumerate(customers[: len(customers) // 2]):
    user = User.objects.create(
        username=f"bench-{{index}}", email=f"bench{{index}}@kunden.example",
        password=template.password,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    OnlineAccess.objects.create(user=user, customer=customer)
free = [
    {{"customer_number": c.customer_number, "name": c.last_name, "town": c.town}}
    for c in customers[len(customers) // 2 :]
]
print(json.dumps(free))
"""
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(bench_dir: Path, samples: int) -> list[dict]:
    """Demo data, plus `samples` activated accounts and `samples` customers without one."""
    env = bench_environment(bench_dir, 0, None)
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo_data"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    made = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", ACCOUNTS_SCRIPT.format(n=2 * samples)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(made.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def server(bench_dir: Path):
    port = free_port()
    env = bench_environment(bench_dir, 0, None)
    env.update(BENCH_TASKS="queued", TRUSTED_PROXIES="127.0.0.1")
    log = open(bench_dir / "server.log", "w")
    process = subprocess.Popen(
        [GRANIAN, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--blocking-threads", "1", "stadtwerk.wsgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def timed_post(port: int, path: str, fields: dict[str, str], client_ip: str) -> tuple[float, int]:
    """GET the form for its token, then POST it; returns the POST's seconds and status."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    # As a browser behind the TLS proxy would send them.
    headers = {
        "X-Forwarded-For": client_ip,
        "X-Forwarded-Proto": "https",
        "Accept-Language": "de-DE",
    }
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    cookies = "; ".join(
        value.split(";", 1)[0]
        for key, value in response.getheaders()
        if key.lower() == "set-cookie"
    )
    token = TOKEN.search(body)
    form = {**fields, "csrfmiddlewaretoken": token.group(1).decode() if token else ""}
    encoded = "&".join(f"{key}={_quote(value)}" for key, value in form.items())
    started = time.perf_counter()
    connection.request(
        "POST",
        path,
        body=encoded,
        headers={
            **headers,
            "Cookie": cookies,
            "Origin": f"https://127.0.0.1:{port}",
            "Referer": f"https://127.0.0.1:{port}{path}",
            "Sec-Fetch-Site": "same-origin",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    answer = connection.getresponse()
    answer.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, answer.status


def _quote(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)


def paths(free: list[dict]):
    """Per path: the URL and a maker of the form for sample i, known or not."""
    password = "Falsch-" + secrets.token_hex(6)

    def account(i, known):
        return f"bench{i}@kunden.example" if known else f"niemand{i}@example.org"

    def customer(i, known):
        if known:
            return free[i]
        return {"customer_number": str(8_000_000 + i), "name": "Niemand", "town": "Nirgendwo"}

    return {
        "login": (
            "/kundencenter/anmelden/",
            lambda i, known: {"login": account(i, known), "password": password},
        ),
        "password reset": (
            "/kundencenter/passwort-vergessen/",
            lambda i, known: {"email": account(i, known)},
        ),
        "new activation link": (
            "/kundencenter/aktivieren/neuer-link/",
            lambda i, known: {"email": account(i, known)},
        ),
        "new activation letter": (
            "/kundencenter/aktivieren/neuer-brief/",
            lambda i, known: {"email": account(i, known)},
        ),
        "registration": (
            "/kundencenter/registrieren/",
            lambda i, known: {
                **customer(i, known),
                "email": f"neu{i}-{int(known)}@example.org",
                "password1": "Wasserturm-Abendrot-17",
                "password2": "Wasserturm-Abendrot-17",
                "activation_by": "email",
            },
        ),
    }


def bootstrap_interval(known: list[float], unknown: list[float], rounds: int = 2000):
    rng = random.Random(7)
    differences = sorted(
        statistics.median(rng.choices(known, k=len(known)))
        - statistics.median(rng.choices(unknown, k=len(unknown)))
        for _ in range(rounds)
    )
    return differences[int(0.025 * rounds)], differences[int(0.975 * rounds)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200, help="per path and group")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stadtwerk-bench-") as tmp:
        bench_dir = Path(tmp)
        print("Preparing a throw-away database with the demo data and test accounts …")
        free = prepare(bench_dir, args.samples)
        samples = min(args.samples, len(free))
        results = {}
        with server(bench_dir) as port:
            for name, (path, form) in paths(free).items():
                order = [(i, known) for i in range(samples) for known in (True, False)]
                random.Random(name).shuffle(order)
                timings = {True: [], False: []}
                statuses = {True: set(), False: set()}
                for warm in range(5):
                    timed_post(port, path, form(samples + warm, False), f"10.9.0.{warm}")
                for number, (i, known) in enumerate(order):
                    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
                    elapsed, status = timed_post(port, path, form(i, known), address)
                    timings[known].append(elapsed * 1000)
                    statuses[known].add(status)
                results[name] = (timings, statuses)
                print(f"  {name}: {2 * samples} requests", flush=True)
    return report(results, samples)


def report(results, samples: int) -> int:
    print(f"\n{samples} samples per group; milliseconds; 95 % bootstrap interval of the")
    print("difference of medians (known − unknown)\n")
    header = f"{'path':<24}{'known':>8}{'unknown':>9}{'diff':>8}{'interval':>18}{'status':>9}"
    print(header + "  verdict")
    failed = 0
    for name, (timings, statuses) in results.items():
        known, unknown = statistics.median(timings[True]), statistics.median(timings[False])
        low, high = bootstrap_interval(timings[True], timings[False])
        limit = TOLERANCE * unknown
        same_status = statuses[True] == statuses[False]
        ok = same_status and not (low > limit or high < -limit)
        failed += not ok
        shown = "/".join(str(s) for s in sorted(statuses[True] | statuses[False]))
        print(
            f"{name:<24}{known:>8.1f}{unknown:>9.1f}{known - unknown:>+8.2f}"
            f"{f'[{low:+.1f}, {high:+.1f}]':>18}{shown:>9}  {'ok' if ok else 'DIFFERENT'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
