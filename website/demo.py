"""The website's demo content and staff logins; `stadtwerk.demo` adds the other apps'."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from website.models import HomePage

DEMO_PASSWORD = "stadtwerk-demo"
DEMO_LOGINS = [
    ("admin", "Administration (alle Rechte)"),
    ("datenschutz", "Datenschutzbeauftragte (Betroffenenanträge, Verarbeitungsverzeichnis)"),
]


def page_tree_root() -> Page:
    """Wagtail's tree root, put back if a flushed test database has lost it."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def home_page_ensure() -> HomePage:
    """The start page, in place of the welcome page Wagtail installs."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = page_tree_root()
    home = root.add_child(
        instance=HomePage(
            title="Energie und Wasser für unsere Stadt",
            slug="start",
            intro="<p>Willkommen bei Ihren Stadtwerken. Hier finden Sie Kontakt, "
            "Hilfe und das Online-Kundencenter.</p>",
        )
    )
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": base_url.hostname,
            "port": base_url.port or (443 if base_url.scheme == "https" else 80),
            "root_page": home,
            "site_name": "Stadtwerke",
        },
    )
    for page in root.get_children().exclude(pk=home.pk).specific():
        if type(page) is Page:  # Wagtail's own placeholder
            page.delete()
    return home


def staff_ensure() -> None:
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@stadtwerke.example", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    dpo_group, _ = Group.objects.get_or_create(name="Datenschutz")
    dpo_group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(
            codename="view_processing_record", content_type__app_label="privacy"
        ),
    )
    dpo, created = User.objects.get_or_create(
        username="datenschutz",
        defaults={
            "email": "datenschutz@stadtwerke.example",
            "first_name": "Petra",
            "last_name": "Harder",
        },
    )
    if created:
        dpo.set_password(DEMO_PASSWORD)
        dpo.save()
    dpo.groups.add(dpo_group)


@transaction.atomic
def demo_data_load() -> None:
    from website.demo_pages import impressum_ensure, section_ensure
    from website.policy_demo import privacy_policy_demo_load

    home = home_page_ensure()
    section_ensure(home)
    impressum_ensure()
    staff_ensure()
    privacy_policy_demo_load()
