"""Browser test harness: Debian's chromium driven by Playwright against a live server."""

import json
import os
import shutil
from datetime import datetime, time
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import time_machine

from stadtwerk.testing import module_state

# Playwright's sync API runs an event loop in the test thread; the tests' own
# database access in that thread is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests: in CI the same examples on every run (derandomised, nothing
# remembered between runs); on a developer's machine new ones each run, and the
# failing ones remembered in .hypothesis/ and tried first next time.
hypothesis.settings.register_profile(
    "ci", max_examples=25, derandomize=True, database=None, print_blob=True, deadline=None
)
hypothesis.settings.register_profile("dev", max_examples=25, deadline=None)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches site root paths; a rolled-back test must not leave them."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _german_to_begin_with():
    """Each test starts in the site's language: a request in English leaves English
    active in the thread, and run in one process the next test would inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def berlin_noon():
    """Today at noon in Berlin, the clock running on from there: a journey that reads
    the date cannot straddle midnight, while sessions and cookies still age."""
    from django.utils import timezone

    noon = datetime.combine(timezone.localdate(), time(12), tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(noon, tick=True):
        yield noon


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings):
    """pytest-django's (a test database per worker), and for SQLite: the migrated
    template copied into place where there is one (see SqliteTemplate).

    A connection that a live-server thread left open when the last run deleted its test
    database can leave the database's -wal and -shm files behind; the new database of
    the same name must never meet them (SQLite would take the old log for its own)."""
    from django.db import connection

    from stadtwerk.testing import SqliteTemplate

    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return None
    name = connection.settings_dict["TEST"]["NAME"]
    for suffix in ("-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)
    template = SqliteTemplate(name)
    request.addfinalizer(template.release)
    template.from_copy = template.copied()
    return template


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """A database copied from the template is kept: Django migrates it (nothing to do)
    instead of creating it anew."""
    template = django_db_modify_db_settings
    return request.config.getvalue("reuse_db") or bool(template and template.from_copy)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_modify_db_settings, django_db_blocker):
    """pytest-django's; a SQLite database migrated from scratch becomes the template."""
    template = django_db_modify_db_settings
    if template:
        with django_db_blocker.unblock():
            template.save()


@pytest.fixture(scope="session")
def database_snapshots(django_db_setup, django_db_blocker):
    """The test database as migrated, and (once a journey asks) with the demo data."""
    from stadtwerk.testing import snapshot_take

    snapshots = {}
    with django_db_blocker.unblock():
        snapshots["pristine"] = snapshot_take("pristine")
    yield snapshots
    with django_db_blocker.unblock():
        for snapshot in snapshots.values():
            snapshot.discard()


@pytest.fixture
def transactional_db(request, database_snapshots, django_db_blocker):
    """Committed data, for tests whose server or threads read through connections of
    their own. Replaces pytest-django's fixture of the same name: instead of flushing
    every table (and with them what the migrations put there), the database goes back
    to its snapshot as migrated; for journeys, after the module's last one."""
    with django_db_blocker.unblock():
        yield
        if "site" not in request.fixturenames:
            database_snapshots["pristine"].restore()


@pytest.fixture(scope="session")
def journey_server(request, django_db_setup):
    """One live server per test process for every journey. (pytest-django's live_server
    fixture would give each journey a flush of the database at its end.)"""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(request.config.getvalue("liveserver") or "127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def _database_after_journeys(database_snapshots, django_db_blocker):
    """Journeys commit; once a module's journeys are done, the database is as migrated."""
    yield
    with django_db_blocker.unblock():
        database_snapshots["pristine"].restore()


@pytest.fixture
def site(_database_after_journeys, transactional_db, database_snapshots, journey_server):
    """A live server with the demo site, restored from a snapshot for each journey."""
    from stadtwerk.demo import demo_data_load
    from stadtwerk.testing import snapshot_take

    if "demo" in database_snapshots:
        database_snapshots["demo"].restore()
    else:
        demo_data_load()
        database_snapshots["demo"] = snapshot_take("demo")
    journey_server._live_server_modified_settings.enable()
    yield journey_server
    _requests_finished(journey_server)
    journey_server._live_server_modified_settings.disable()


def _requests_finished(server, timeout: float = 10) -> None:
    """Requests the journey's browser left in flight finish while the database is still
    open to them (the server handles each connection in a thread of its own)."""
    deadline = monotonic() + timeout
    for thread in list(getattr(server.thread.httpd, "_threads", None) or []):
        thread.join(max(0, deadline - monotonic()))


def pytest_collection_modifyitems(items):
    """Tests that share a database state must not see each other's traces:
    - a module whose tests share a state built once (a fixture named ..._of_module) must
      give it to every test that uses the database, else a test would see that state or
      not depending on the order in which the module's tests run, and no test that
      commits can run inside it;
    - the journeys of a module (fixture `site`) commit, and the database is restored
      after the module's last one: no test beside them may use the database, and
      they themselves work in autocommit, as the live server does."""
    modules = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    problems = []
    for module_items in modules.values():
        names = {name for item in module_items for name in item.fixturenames}
        shared = {name for name in names if name.endswith("_of_module")}
        for item in module_items:
            commits = bool({"transactional_db", "site"} & set(item.fixturenames))
            if shared and commits:
                problems.append(f"{item.nodeid} commits, beside tests that share {shared}")
            elif shared and _uses_db(item) and not shared <= set(item.fixturenames):
                problems.append(f"{item.nodeid} does not ask for {shared}")
            elif "site" in names and _uses_db(item) and not commits:
                problems.append(f"{item.nodeid} would see what the journeys beside it commit")
            elif "site" in item.fixturenames and "db" in item.fixturenames:
                # A transaction of the test's own would hide its rows from the live server
                # (and on SQLite lock the server's writes out).
                problems.append(f"{item.nodeid} is a journey: use the demo's users, not db")
    if problems:
        raise pytest.UsageError("Shared database states:\n  " + "\n  ".join(problems))


def _uses_db(item) -> bool:
    fixtures = set(item.fixturenames)
    return bool({"db", "transactional_db"} & fixtures) or bool(item.get_closest_marker("django_db"))


def _demo_data():
    """The whole demo data of every app, as `make run` loads it."""
    from stadtwerk.demo import demo_data_load

    demo_data_load()


demo_of_module = module_state(_demo_data)


@pytest.fixture
def demo(demo_of_module, db):
    """The demo data, loaded once per module and untouched at each test's start."""


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; injected through the DevTools protocol, so the
    page's own Content-Security-Policy stays in force."""
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in violations
    ]
    assert not violations, f"axe violations on {page.url}:\n{json.dumps(summary, indent=2)}"
