"""Production settings plus the two baseline views, for bench/pages.py only.

The benchmark sets DEBUG=false, a fresh SECRET_KEY, DATABASE_URL and BENCH_DIR (a
throw-away directory) in the environment; everything else is the product's settings.
"""

import os
from pathlib import Path

from stadtwerk.settings import *  # noqa: F403
from stadtwerk.settings import CACHES, TEMPLATES

BENCH_DIR = Path(os.environ["BENCH_DIR"])

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]
STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
# Plain HTTP on the loopback interface; no TLS proxy in front.
SECURE_SSL_REDIRECT = False
# A prefix of its own per run, so a shared Redis keeps everyone else's keys apart.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "")
# Builds the search index while the demo data loads, without a worker process. A
# benchmark of what a request itself does keeps the product's queue instead.
if os.environ.get("BENCH_TASKS") != "queued":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
