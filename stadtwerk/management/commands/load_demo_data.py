from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stadtwerk.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = _("Demo-Website und Demo-Zugänge laden (kann gefahrlos wiederholt werden).")

    def handle(self, *args, **options):
        demo_data_load()
        self.stdout.write(
            _("Demodaten bereit. Zugänge (Passwort %(password)s):")
            % {"password": repr(DEMO_PASSWORD)}
        )
        width = max(len(username) for username, _role in DEMO_LOGINS)
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<{width}}  {role}")
