"""Worker and scheduler processes that tests start against the test database.

The suite runs tasks in-process; these helpers run the real `db_worker` and `crontask`
commands in processes of their own, under the test settings with STADTWERK_TEST_WORKER
set: the database queue, the mailer of MAIL_BACKEND/MAIL_OPTIONS and the database of
DATABASE_URL, which names the test database. They see committed rows only, so the
tests ask for `transactional_db`. Every wait is bounded; none measures speed.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

#: For `settings.TASKS` in the test process: tasks go to the queue a worker drains.
#: Django drops its task backends whenever TASKS changes (django.tasks.signals).
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Seconds a process may take before the test fails; generous, for a loaded machine.
TIMEOUT = 60


def database_url() -> str:
    """DATABASE_URL of the database this test process uses: the test database."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(name).resolve()}"
    configured = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(configured._replace(path="/" + quote(name, safe="")))


def process_environment(directory: Path, **variables: str) -> dict[str, str]:
    """The environment of a process on the test database. Its directories (access logs,
    SMS files, the fixture app's logs) lie under `directory`, so what it purges or reads
    is the test's own and never a checkout's or another run's; mail stays in memory
    unless the test names a mailer."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stadtwerk.test_settings",
        "STADTWERK_TEST_WORKER": "1",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": DATABASE_QUEUE["default"]["BACKEND"],
        "MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MAIL_OPTIONS": "{}",
        "TRAFFIC_ACCESS_LOG_DIR": str(directory / "access-logs"),
        "SMS_FILE_PATH": str(directory / "sms"),
        "PRIVACY_FIXTURE_LOG_DIR": str(directory / "fixture-logs"),
        "PYTHONUNBUFFERED": "1",
        **variables,
    }


def worker_run(directory: Path, **variables: str) -> str:
    """Run `db_worker` until the queue is empty and return what it printed; a worker
    that fails or does not finish in time fails the test."""
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--queue-name",
            "*",
            "--no-startup-delay",
        ],
        cwd=settings.BASE_DIR,
        env=process_environment(directory, **variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    return output


def scheduler_lock_key() -> str:
    """The Redis key of the lock of a scheduler that a test starts: under the cache's key
    prefix, which is this test run's (stadtwerk/test_settings.py)."""
    return f"{settings.CACHES['default']['KEY_PREFIX']}:crontask-lock"


class Scheduler:
    """`manage.py crontask` in a process of its own (stadtwerk/tests/run_scheduler.py),
    its output in files that the test reads while it runs."""

    def __init__(self, directory: Path, *arguments: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._stdout = directory / "stdout"
        self._stderr = directory / "stderr"
        with self._stdout.open("wb") as stdout, self._stderr.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "stadtwerk.tests.run_scheduler", *arguments],
                cwd=settings.BASE_DIR,
                env=process_environment(directory),
                stdout=stdout,
                stderr=stderr,
            )

    @property
    def stdout(self) -> str:
        return self._stdout.read_text()

    @property
    def stderr(self) -> str:
        return self._stderr.read_text()

    def wait_for(self, text: str) -> None:
        """Until `text` appears on stdout or stderr; fails if the process ends first."""
        until(
            lambda: text in self.stdout + self.stderr or self.process.poll() is not None,
            what=text,
        )
        assert text in self.stdout + self.stderr, self.stdout + self.stderr

    def wait(self) -> int:
        return self.process.wait(timeout=TIMEOUT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)


def until(condition: Callable[[], bool], *, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"waited {TIMEOUT} s for {what}"
        time.sleep(0.1)
