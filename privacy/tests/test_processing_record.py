"""The record of processing activities (Art. 30) comes out of the registry as JSON,
CSV and Markdown, on the command line and in the Wagtail admin, where only staff
allowed to see it can."""

import csv
import io
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from privacy.models import PurgeRun
from privacy.registry import get_activities

pytestmark = pytest.mark.django_db

URL = "/admin/datenschutz/verarbeitungsverzeichnis/"
ENTRY_KEYS = {
    "key",
    "title",
    "purpose",
    "legal_basis",
    "data",
    "recipients",
    "retention",
    "storage",
}


def activities_output(format: str) -> str:
    out = StringIO()
    call_command("privacy", "activities", "--format", format, stdout=out)
    return out.getvalue()


def test_json_lists_every_activity_with_all_its_columns():
    record = json.loads(activities_output("json"))

    assert [entry["key"] for entry in record] == [a.key for a in get_activities()]
    sessions = next(entry for entry in record if entry["key"] == "django.sessions")
    assert set(sessions) == ENTRY_KEYS
    assert sessions["title"] == "Sitzungen"
    assert sessions["legal_basis"] == "Art. 6 Abs. 1 lit. b und f DSGVO"
    assert sessions["data"] == ["Sitzungskennung", "Anmeldestatus"]
    assert sessions["recipients"] == ["niemand; nur technisch verwendet"]
    assert sessions["retention"] == "Löschung, sobald der Eintrag abgelaufen ist"
    assert sessions["storage"].endswith("(sessions.Session)")


def test_json_names_a_file_directory_as_storage(settings, tmp_path):
    settings.PRIVACY_FIXTURE_LOG_DIR = tmp_path

    record = json.loads(activities_output("json"))

    logs = next(entry for entry in record if entry["key"] == "fixture.logs")
    assert logs["storage"] == str(tmp_path)
    assert logs["retention"] == "Löschung der Dateien nach spätestens 90 Tagen"


def test_csv_has_a_german_header_and_a_row_per_activity():
    rows = list(csv.reader(io.StringIO(activities_output("csv"))))

    header, *entries = rows
    assert header == [
        "Schlüssel",
        "Bezeichnung",
        "Zweck",
        "Rechtsgrundlage",
        "Datenkategorien",
        "Empfänger",
        "Löschfrist",
        "Speicherort",
    ]
    assert len(entries) == len(get_activities())
    sessions = next(row for row in entries if row[0] == "django.sessions")
    assert sessions[4] == "Sitzungskennung; Anmeldestatus"


def test_markdown_has_a_heading_and_a_section_per_activity():
    text = activities_output("md")

    assert text.startswith("# Verzeichnis der Verarbeitungstätigkeiten\n")
    assert "## Sitzungen" in text
    assert "- **Löschfrist:** Löschung nach 90 Tagen" in text
    assert "- **Schlüssel:** `fixture.visits`" in text
    assert text.count("\n## ") == len(get_activities())


def test_the_command_rejects_an_unknown_format():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("privacy", "activities", "--format", "xml", stdout=StringIO())


@pytest.fixture
def staff_with_admin_access(django_user_model):
    user = django_user_model.objects.create_user(username="redaktion", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def test_the_admin_page_has_the_documented_address():
    assert reverse("privacy_processing_record") == URL


def test_a_superuser_sees_every_activity_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Verzeichnis der Verarbeitungstätigkeiten" in page
    for activity in get_activities():
        assert f"<code>{activity.key}</code>" in page
    assert "Sitzungen" in page and "Besuche" in page


def test_staff_without_the_permission_is_turned_away(client, staff_with_admin_access):
    """Wagtail turns a PermissionDenied inside the admin into a redirect to the
    dashboard with an error message; only XHR requests see a bare 403."""
    client.force_login(staff_with_admin_access)

    response = client.get(URL)
    download = client.get(URL, {"format": "csv"})
    ajax = client.get(URL, headers={"x-requested-with": "XMLHttpRequest"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert download.status_code == 302
    assert "Content-Disposition" not in download
    assert ajax.status_code == 403


def test_staff_with_the_permission_sees_the_record(client, staff_with_admin_access):
    staff_with_admin_access.user_permissions.add(
        Permission.objects.get(content_type__app_label="privacy", codename="view_processing_record")
    )
    client.force_login(staff_with_admin_access)

    response = client.get(URL)

    assert response.status_code == 200
    assert "<code>django.sessions</code>" in response.content.decode()


def test_the_record_downloads_as_csv(client, admin_user):
    client.force_login(admin_user)

    response = client.get(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="verarbeitungsverzeichnis.csv"'
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert "Bezeichnung" in header and "Löschfrist" in header


@pytest.mark.parametrize(
    ("format", "content_type"),
    [("json", "application/json"), ("md", "text/markdown")],
)
def test_the_record_downloads_in_the_other_formats(client, admin_user, format, content_type):
    client.force_login(admin_user)

    response = client.get(URL, {"format": format})

    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'verarbeitungsverzeichnis.{format}"')


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(URL, {"format": "json"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")
    assert "datenschutz" in response["Location"]


def test_the_menu_item_is_shown_only_to_those_with_the_permission(
    rf, admin_user, staff_with_admin_access
):
    from privacy.wagtail_hooks import register_processing_record_menu_item

    item = register_processing_record_menu_item()
    request = rf.get("/admin/")

    request.user = admin_user
    assert item.is_shown(request)
    request.user = staff_with_admin_access
    assert not item.is_shown(request)


def test_the_admin_page_shows_each_activitys_latest_purge(client, admin_user):
    from privacy.tests.conftest import NOW

    purge_run = {"rule": "x", "started_at": NOW, "finished_at": NOW}
    PurgeRun.objects.create(activity="fixture.visits", count=7, **purge_run)
    PurgeRun.objects.create(activity="fixture.visits", count=99, dry_run=True, **purge_run)
    PurgeRun.objects.create(
        activity="fixture.visits",
        count=3,
        **{**purge_run, "started_at": NOW - timedelta(days=1)},
    )
    client.force_login(admin_user)

    page = client.get(URL).content.decode()

    assert "7 Datensätze gelöscht" in page
    assert "99 Datensätze" not in page and "3 Datensätze" not in page
    assert "noch keiner" in page


def test_the_record_speaks_english_when_asked():
    from django.utils import translation

    with translation.override("en"):
        entries = {entry["key"]: entry for entry in json.loads(activities_output("json"))}
        header = next(csv.reader(io.StringIO(activities_output("csv"))))

    assert entries["fixture.visits"]["retention"] == "Deletion after 90 days"
    assert entries["django.sessions"]["title"] == "Sessions"
    assert header[:2] == ["Key", "Name"]
