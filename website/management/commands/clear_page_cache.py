from django.core.management.base import BaseCommand

from website.page_cache import page_cache_invalidate


class Command(BaseCommand):
    help = (
        "Make every page in the page cache out of date, e.g. after a deployment that "
        "changed templates (publishing does this by itself)."
    )

    def handle(self, *args, **options):
        page_cache_invalidate()
        self.stdout.write("Page cache invalidated.")
