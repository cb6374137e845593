"""Settings for the test suite: production-like, with fast and local stand-ins."""

import os
import uuid

# Tests never depend on a developer's .env.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "only-for-tests-" + "x" * 50)

from stadtwerk.settings import *  # noqa: F403
from stadtwerk.settings import STORAGES

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker or scheduler process that a test starts (stadtwerk/tests/worker.py) keeps the
# task backend, mailer and directories settings.py reads from the environment it is
# given; the suite itself runs tasks in-process and keeps mail in memory.
started_by_a_test = os.environ.get("STADTWERK_TEST_WORKER") == "1"
if not started_by_a_test:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
if os.environ.get("REDIS_URL"):
    # The Redis database REDIS_URL names, shared with whoever else uses it: every key of
    # this run and worker carries a prefix of its own, and clearing deletes only those.
    # Processes the tests start inherit the run's part of the prefix.
    run = os.environ.setdefault("STADTWERK_TEST_RUN", uuid.uuid4().hex[:12])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"]["BACKEND"] = "stadtwerk.testing.PrefixedRedisCache"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test:{run}:{worker}"  # noqa: F405
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

INSTALLED_APPS = [*INSTALLED_APPS, "privacy.tests.fixture_app"]  # noqa: F405
# Tests that look at access-log files turn writing on with a temporary directory.
TRAFFIC_ACCESS_LOG_WRITE = False
if started_by_a_test:
    PRIVACY_FIXTURE_LOG_DIR = os.environ["PRIVACY_FIXTURE_LOG_DIR"]
else:
    PRIVACY_FIXTURE_LOG_DIR = VAR_DIR / "test-logs"  # noqa: F405
    TRAFFIC_ACCESS_LOG_DIR = VAR_DIR / "test-access-logs"  # noqa: F405
