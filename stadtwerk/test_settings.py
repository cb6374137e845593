"""Settings for the test suite: production-like, with fast and local stand-ins."""

import os

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
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Parallel test workers share one Redis; each keeps to its own keys.
CACHES["default"]["KEY_PREFIX"] = "test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

INSTALLED_APPS = [*INSTALLED_APPS, "privacy.tests.fixture_app"]  # noqa: F405
PRIVACY_FIXTURE_LOG_DIR = VAR_DIR / "test-logs"  # noqa: F405
