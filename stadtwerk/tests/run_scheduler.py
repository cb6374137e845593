"""`manage.py crontask ARGUMENTS`, holding a lock of this test run's.

crontask names its Redis lock "crontask-lock" whatever the settings, so a scheduler
that a test started would contend with the schedulers of other test runs and
checkouts sharing the Redis server. This entry point renames the lock after the test
run's cache key prefix and waits a second for it instead of fifteen, then runs the
command as manage.py would. APScheduler's "Scheduler started" goes to stdout: from
then on the scheduler handles SIGTERM, whereas just after crontask's own "Starting
scheduler…" the signal could still land before it does.
"""

import logging
import os
import sys

import django
from django.core.management import execute_from_command_line

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtwerk.test_settings")
    django.setup()
    from crontask import utils

    from stadtwerk.tests.worker import scheduler_lock_key

    if not isinstance(utils.lock, utils.FakeLock):
        utils.lock.name = scheduler_lock_key()
        utils.lock.blocking_timeout = 1
    started = logging.getLogger("apscheduler.scheduler")
    started.setLevel(logging.INFO)
    started.addHandler(logging.StreamHandler(sys.stdout))
    execute_from_command_line(["manage.py", "crontask", *sys.argv[1:]])
