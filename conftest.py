"""Browser test harness: Debian's chromium driven by Playwright against a live server."""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the tests' own
# database access in that thread is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture(autouse=True)
def _wagtail_tree_present(request, django_db_blocker):
    """Live-server tests flush the database when they end, Wagtail's root page and
    locale included; a later test on the same worker (or a later run with
    --reuse-db) would miss what Wagtail's migrations created. Put it back."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db:
        from website.demo import page_tree_root

        with django_db_blocker.unblock():
            page_tree_root()


@pytest.fixture
def site(transactional_db, live_server):
    """A live server with the demo site; the database is flushed after each test."""
    from stadtwerk.demo import demo_data_load

    demo_data_load()
    return live_server


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
