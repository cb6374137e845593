from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from website.page_cache import page_cache_invalidate


class Command(BaseCommand):
    help = _(
        "Alle Seiten im Seiten-Cache für veraltet erklären, z. B. nach einem Deployment mit "
        "geänderten Templates (beim Veröffentlichen geschieht das von selbst)."
    )

    def handle(self, *args, **options):
        page_cache_invalidate()
        self.stdout.write(_("Seiten-Cache für ungültig erklärt."))
