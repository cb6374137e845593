from django.core.management.base import BaseCommand

from stadtwerk.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Load the demo site and demo logins (safe to run again)."

    def handle(self, *args, **options):
        demo_data_load()
        self.stdout.write(f"Demo data ready. Logins (password {DEMO_PASSWORD!r}):")
        width = max(len(username) for username, _ in DEMO_LOGINS)
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<{width}}  {role}")
