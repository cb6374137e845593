"""What the test suite shares: database states built once and restored cheaply, a
Redis cache kept to the run's own keys, and tools that CI must have.

Building the demo data or the page tree takes seconds; a test takes milliseconds. So:

- Tests inside a transaction (pytest-django's ``db``) share a state built once per
  module inside an outer transaction. Each test is a savepoint within it, rolled back
  when the test ends; the outer transaction is rolled back when the module ends.
- Tests that need committed data (the browser journeys: the live server reads through
  connections of its own) restore a snapshot of the whole database instead of
  Django's flush, which would also delete what the migrations put there. On SQLite
  a snapshot is an online backup into memory and back. On PostgreSQL it is a
  template database: cloning one copies files, far faster than re-inserting rows,
  and a clone is exactly the migrated database production would have.
- The migrated SQLite database itself is kept as a template between runs.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction


class SqliteSnapshot:
    def __init__(self):
        connection.ensure_connection()
        self._copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self._copy)

    def restore(self) -> None:
        connection.ensure_connection()
        self._copy.backup(connection.connection)

    def discard(self) -> None:
        self._copy.close()


class PostgresSnapshot:
    def __init__(self, label: str):
        self._database = connection.settings_dict["NAME"]
        self._copy = f"{self._database}_{label}"
        _database_clone(source=self._database, target=self._copy)

    def restore(self) -> None:
        _database_clone(source=self._copy, target=self._database)

    def discard(self) -> None:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(self._copy)} WITH (FORCE)")


def _database_clone(*, source: str, target: str) -> None:
    """`target` becomes a copy of `source`. Both must be free of sessions, so ours is
    closed and any the live server left behind are ended."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(target)} WITH (FORCE)")
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        cursor.execute(f"CREATE DATABASE {_quoted(target)} TEMPLATE {_quoted(source)}")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def snapshot_take(label: str) -> SqliteSnapshot | PostgresSnapshot:
    """A snapshot of the test database as it is now, committed rows only."""
    if connection.vendor == "sqlite":
        return SqliteSnapshot()
    if connection.vendor == "postgresql":
        return PostgresSnapshot(label)
    raise NotImplementedError(f"No snapshots for {connection.vendor}")


def module_state(build):
    """A module-scoped fixture: `build` runs once, in a transaction that stays open
    for the module's tests, each of which runs in a savepoint inside it; at the
    module's end everything is rolled back. Name it ..._of_module: the suite checks
    that every test of a module using it asks for it."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer._from_testcase = True  # durable blocks may nest inside, as in a TestCase
            outer.__enter__()
            try:
                build()
            except BaseException:
                _rolled_back(outer)
                raise
        yield
        with django_db_blocker.unblock():
            _rolled_back(outer)

    fixture.__doc__ = build.__doc__
    return fixture


def _rolled_back(outer: transaction.Atomic) -> None:
    transaction.set_rollback(True)
    outer.__exit__(None, None, None)


class PrefixedRedisCache(RedisCache):
    """Django's Redis cache whose clear() deletes this test run's keys only, instead
    of the whole database that other runs on the machine may share."""

    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True


def unavailable(reason: str) -> None:
    """A tool or condition a test needs is missing: on a developer's machine the test
    is skipped; in CI (CI=true), which installs everything, it fails instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must have it)")
    pytest.skip(reason)


def tool_required(name: str, reason: str) -> str:
    """The path of command `name`; see unavailable() for what happens without it."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed: {reason}")
    return path


class SqliteTemplate:
    """The migrated SQLite test database, kept beside it for as long as the migrations
    stay the same: about 220 migrations take a quarter of a minute to apply, a copy of
    their result a few milliseconds. The first test process to need it migrates and
    saves it while the others wait on a lock; a changed migration file (ours or a
    library's) gives a new fingerprint and so a new template. Django still runs
    `migrate` on the copy, which finds nothing to do unless the fingerprint missed a
    change."""

    def __init__(self, test_database: str):
        self.test_database = Path(test_database)
        self.path = self.test_database.parent / f"test-template-{migrations_fingerprint()}.sqlite3"
        self._lock = None

    def copied(self) -> bool:
        """Under the lock: the template copied into place, if there is one yet."""
        self._lock = open(f"{self.path}.lock", "w")  # held until save() or release()
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        if not self.path.exists():
            return False
        shutil.copyfile(self.path, self.test_database)
        return True

    def save(self) -> None:
        """Saves the freshly migrated test database (once), then lets the others go on."""
        if not self.path.exists():
            for stale in self.path.parent.glob("test-template-*.sqlite3"):
                stale.unlink()
            saving = self.path.with_suffix(".saving")
            with closing(sqlite3.connect(saving)) as template:
                connection.ensure_connection()
                connection.connection.backup(template)
            os.replace(saving, self.path)
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def migrations_fingerprint() -> str:
    """A hash of every installed app's migration files."""
    digest = hashlib.sha256()
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        for migration in sorted(Path(app.path, "migrations").glob("*.py")):
            digest.update(f"{app.label}/{migration.name}\n".encode())
            digest.update(migration.read_bytes())
    return digest.hexdigest()[:16]
