"""On the same log file our statistics agree with GoAccess, an independent analyser.

GoAccess (Debian package ``goaccess``) reads the generated log in the COMBINED format
and writes its report as JSON. Both sides count every line, bots included: GoAccess
counts crawlers unless told otherwise, and we count bots in rows of their own, which
are added to the people's here. Where the two tools differ by design, the comparison
aligns them instead of leaving anything out:

- GoAccess keeps query strings unless ``--no-query-string``; we never keep them.
- GoAccess files a request under "not found" (404), "static requests" (by extension)
  or "requests"; each valid line lands in exactly one, so the three together are its
  per-path hits.
- GoAccess keys a request by path, method and protocol (``--http-method``,
  ``--http-protocol``); we count per path, so its keys are added up per path.
- We collapse paths that carry a secret (activation, password reset, downloads) to
  their route; GoAccess keeps each one. Its paths are collapsed with our own function
  before the comparison, which checks the counting, not the collapsing (that has
  tests of its own).
- Both decode percent-escapes in the path (``/%7Eadmin/`` is ``/~admin/``).

Bots apart are compared too, but cannot be equal: GoAccess's crawlers are the agents on
its list of search engines and similar robots, while we also count scripts and tools
(curl, Wget, python-requests, Go's HTTP client, monitors) and requests without an agent
as bots, since no person reads those pages. So every crawler GoAccess sees must be a
bot for us, page by page, and the people it sees are at least ours.
"""

import json
import shutil
import subprocess
from collections import Counter

import pytest

from stadtwerk.testing import tool_required
from traffic.models import DailyCount
from traffic.paths import path_normalised
from traffic.sample_logs import sample_log_write
from traffic.services import log_file_ingest

GOACCESS = shutil.which("goaccess")
LINES = 4000
#: Agents of the sample log that we count as bots and GoAccess as browsers or unknown.
TOOLS = (
    "curl/",
    "Wget/",
    "python-requests/",
    "Go-http-client/",
    "-",
    "Mozilla/5.0 (compatible; \\x22Stadtwerk-Monitor",
)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("goaccess")]


@pytest.fixture
def goaccess():
    return tool_required("goaccess", "the cross-check against it cannot run (Debian: goaccess)")


def goaccess_report(log, tmp_path, *options: str) -> dict:
    report = tmp_path / "goaccess.json"
    subprocess.run(
        [
            GOACCESS,
            str(log),
            "--no-global-config",  # nothing from the machine's configuration
            "--log-format=COMBINED",
            "--no-query-string",
            "--http-method=yes",
            "--http-protocol=yes",
            "--max-items=1000000",  # every path, not the first 366
            *options,
            "--output",
            str(report),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(report.read_text())


def goaccess_hits_per_path(report: dict) -> Counter:
    hits: Counter = Counter()
    for panel in ("requests", "static_requests", "not_found"):
        for item in report[panel]["data"]:
            hits[path_normalised(item["data"])] += item["hits"]["count"]
    return hits


def goaccess_hits_per_status(report: dict) -> Counter:
    hits: Counter = Counter()
    for status_class in report["status_codes"]["data"]:
        for item in status_class["items"]:
            hits[item["data"].split(" ", 1)[0]] += item["hits"]["count"]
    return hits


def ours(dimension: str, field: str = "hits", **filters) -> Counter:
    counts: Counter = Counter()
    for value, number in DailyCount.objects.filter(dimension=dimension, **filters).values_list(
        "value", field
    ):
        counts[value] += number
    return counts


@pytest.fixture
def ingested_log(tmp_path):
    log = sample_log_write(tmp_path / "access-sample.log", LINES, days=7, seed=8)
    assert log_file_ingest(path=log).lines == LINES
    return log


def test_every_line_is_valid_for_both_and_the_bytes_agree(ingested_log, tmp_path):
    general = goaccess_report(ingested_log, tmp_path)["general"]

    assert general["failed_requests"] == 0
    assert general["valid_requests"] == LINES == sum(ours("total").values())
    assert general["bandwidth"] == sum(ours("total", field="bytes").values())
    assert general["bandwidth"] > 0


def test_hits_per_page_agree(ingested_log, tmp_path):
    report = goaccess_report(ingested_log, tmp_path)
    theirs = goaccess_hits_per_path(report)

    assert sum(theirs.values()) == report["general"]["valid_requests"]
    assert ours("page") == theirs
    # The comparison covers the hard cases: escapes, collapsed secrets, 404s, statics.
    assert theirs["/~admin/"] and theirs["/straßenbeleuchtung/"]
    assert theirs["/kundencenter/aktivieren/<key>/"] and theirs["/dokumente/<param>/<param>"]
    assert theirs["/static/css/site.4f2a9c.css"] and theirs["/aktuelles/meldung-99/"]


def test_hits_per_status_code_agree(ingested_log, tmp_path):
    theirs = goaccess_hits_per_status(goaccess_report(ingested_log, tmp_path))

    assert ours("status") == theirs
    assert {"200", "302", "304", "404", "500"} <= set(theirs)


def test_hits_per_day_agree(ingested_log, tmp_path):
    visitors = goaccess_report(ingested_log, tmp_path)["visitors"]["data"]
    theirs = Counter({item["data"]: item["hits"]["count"] for item in visitors})

    mine = Counter()
    for day, hits in DailyCount.objects.filter(dimension="total").values_list("day", "hits"):
        mine[f"{day:%Y%m%d}"] += hits
    assert mine == theirs
    assert len(theirs) == 7


def test_every_crawler_goaccess_sees_is_a_bot_for_us_and_the_rest_are_tools(ingested_log, tmp_path):
    crawlers = goaccess_hits_per_path(goaccess_report(ingested_log, tmp_path, "--crawlers-only"))
    people = goaccess_hits_per_path(goaccess_report(ingested_log, tmp_path, "--ignore-crawlers"))
    our_bots, our_people = ours("page", bot=True), ours("page", bot=False)

    assert sum(crawlers.values()) + sum(people.values()) == LINES
    assert sum(crawlers.values()) > 0
    assert all(hits <= our_bots[page] for page, hits in crawlers.items())
    assert all(hits <= people[page] for page, hits in our_people.items())
    # What we count as bots beyond GoAccess's crawlers is exactly the tools' requests.
    tools = sum(
        1
        for line in ingested_log.read_text().splitlines()
        if line.rsplit('"', 2)[-2].startswith(TOOLS)
    )
    assert sum(our_bots.values()) - sum(crawlers.values()) == tools > 0
