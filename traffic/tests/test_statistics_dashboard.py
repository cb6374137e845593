"""Staff with the statistics permission see charts, tables and definitions for a
range of days in the Wagtail admin, and download the numbers as CSV."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from traffic.models import DailyCount, Transition

TODAY = date(2026, 11, 30)
URL = "/admin/statistik/"
CSV_URL = "/admin/statistik/csv/"
pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Europe/Berlin"))):
        yield


def _staff(username: str, *codenames: str) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        *(Permission.objects.get(codename=c, content_type__app_label="traffic") for c in codenames),
    )
    return user


@pytest.fixture
def analyst(client):
    user = _staff("statistik", "view_statistics")
    client.force_login(user)
    return user


def _count(day, dimension, value, *, views=0, hits=None, bot=False, size=0):
    DailyCount.objects.create(
        day=day,
        dimension=dimension,
        value=value,
        bot=bot,
        views=views,
        hits=views if hits is None else hits,
        bytes=size,
    )


@pytest.fixture
def numbers():
    for day, views in ((date(2026, 11, 20), 40), (date(2026, 11, 29), 7), (date(2026, 9, 1), 999)):
        _count(day, "total", "", views=views, hits=views * 3)
    _count(date(2026, 11, 20), "total", "", hits=55, bot=True)
    _count(date(2026, 11, 20), "page", "/kontakt-hilfe/", views=30)
    _count(date(2026, 11, 29), "page", "/kontakt-hilfe/", views=5)
    _count(date(2026, 11, 20), "page", "/tarife/", views=12)
    _count(date(2026, 11, 20), "page", "/tarife/", views=500, bot=True)
    _count(date(2026, 9, 1), "page", "/alt/", views=999)
    _count(date(2026, 11, 20), "status", "404", hits=9, bot=True)
    _count(date(2026, 11, 20), "browser", "Firefox 120", views=33)
    _count(date(2026, 11, 20), "os", "Linux", views=31)
    _count(date(2026, 11, 20), "device", "smartphone", views=17)
    _count(date(2026, 11, 20), "referrer", "www.suchmaschine.example", views=6)
    _count(date(2026, 11, 20), "referrer", "testserver", views=60)
    Transition.objects.create(
        day=date(2026, 11, 20), from_path="", to_path="/kontakt-hilfe/", count=4
    )
    Transition.objects.create(
        day=date(2026, 11, 20), from_path="/kontakt-hilfe/", to_path="/tarife/", count=3
    )


def _table(page: str, caption: str) -> list[list[str]]:
    match = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, flags=re.S)
    assert match, f"no table {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_staff_without_the_permission_get_403_and_no_menu_item(client):
    client.force_login(_staff("redaktion"))

    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    assert URL not in client.get("/admin/").content.decode()


def test_staff_with_the_permission_find_the_dashboard_in_the_menu(client, analyst):
    assert URL in client.get("/admin/").content.decode()


def test_administrators_can_grant_the_permission_in_the_group_editor(client, admin_user):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Marketing")
    client.force_login(admin_user)

    page = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()

    assert "Zugriffsstatistik einsehen" in page


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_last_30_days_by_default_with_every_chart_and_its_table(client, analyst, numbers):
    page = client.get(URL).content.decode()

    assert "Vom 01.11.2026 bis 30.11.2026" in page
    days = _table(page, "Seitenaufrufe und Zugriffe je Tag")
    assert len(days) == 1 + 30
    assert days[0] == ["Tag", "Seitenaufrufe", "Zugriffe von Menschen", "Zugriffe von Bots"]
    assert ["Fr, 20.11.2026", "40", "120", "55"] in days
    assert ["So, 29.11.2026", "7", "21", "0"] in days
    assert _table(page, "Meistbesuchte Seiten")[1:] == [
        ["/kontakt-hilfe/", "35"],
        ["/tarife/", "12"],
    ]
    assert _table(page, "Statuscodes")[1:] == [["404", "9"]]
    assert _table(page, "Browser")[1:] == [["Firefox 120", "33"]]
    assert _table(page, "Betriebssysteme")[1:] == [["Linux", "31"]]
    assert _table(page, "Gerätetypen")[1:] == [["smartphone", "17"]]
    # Our own host is navigation, not a referral.
    assert _table(page, "Verweisende Domains")[1:] == [["www.suchmaschine.example", "6"]]
    assert _table(page, "Häufigste Wege von Seite zu Seite")[1:] == [
        ["/kontakt-hilfe/ → /tarife/", "3"]
    ]
    assert page.count('<svg class="traffic-chart"') == 8
    assert page.count('role="img"') == 8
    assert "/alt/" not in page


def test_svg_coordinates_are_not_localised(client, analyst, numbers):
    page = client.get(URL).content.decode()

    svg = "".join(re.findall(r'<svg class="traffic-chart".*?</svg>', page, flags=re.S))
    assert not re.search(r'(x|y|width|height)="[^"]*,', svg)


def test_the_dashboard_publishes_its_definitions_and_what_the_objection_covers(client, analyst):
    page = client.get(URL).content.decode()

    assert "So zählen wir" in page
    for term in ("Seitenaufruf", "Besuch", "Bot oder Crawler", "Was wir weglassen"):
        assert f"<dt>{term}</dt>" in page
    assert "ohne Abfrageteil" in page
    assert "/kundencenter/aktivieren/&lt;key&gt;/" in page
    assert "analytics_optout" in page
    assert "anonyme Tageszählungen ohne IP-Adresse" in page


def test_a_chosen_range_shows_only_its_days(client, analyst, numbers):
    page = client.get(URL, {"start": "2026-09-01", "end": "2026-09-02"}).content.decode()

    assert len(_table(page, "Seitenaufrufe und Zugriffe je Tag")) == 1 + 2
    assert _table(page, "Meistbesuchte Seiten")[1:] == [["/alt/", "999"]]
    assert "Für diesen Zeitraum gibt es hierzu keine Zahlen." in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-11-20", "end": "2026-11-01"}, "Das Anfangsdatum liegt nach dem Enddatum"),
        ({"start": "gestern"}, "Bitte geben Sie das Anfangsdatum als Datum an."),
        ({"end": "2026-13-45"}, "Bitte geben Sie das Enddatum als Datum an."),
        ({"start": "2024-01-01", "end": "2026-11-30"}, "höchstens 366 Tage"),
        ({"end": "2026-12-24"}, "darf nicht in der Zukunft liegen"),
        ({"start": "1999-12-01", "end": "2000-01-05"}, "erst ab dem 1. Januar 2000"),
    ],
)
def test_a_bad_range_is_explained_in_german_never_a_server_error(client, analyst, query, message):
    response = client.get(URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="traffic-chart"' not in page

    download = client.get(CSV_URL, query)
    assert download.status_code == 400
    assert message in download.content.decode()


def test_the_inputs_point_at_their_error_message(client, analyst):
    wrong_date = client.get(URL, {"start": "gestern"}).content.decode()
    reversed_range = client.get(URL, {"start": "2026-11-20", "end": "2026-11-01"}).content.decode()

    assert 'aria-describedby="id_start_error"' in wrong_date
    assert 'id="id_start_error"' in wrong_date
    assert 'aria-describedby="id_end_error"' not in wrong_date
    assert reversed_range.count('aria-describedby="traffic-range-errors"') == 2
    assert 'id="traffic-range-errors"' in reversed_range


def test_german_dates_are_understood(client, analyst, numbers):
    page = client.get(URL, {"start": "01.09.2026", "end": "02.09.2026"}).content.decode()

    assert "Vom 01.09.2026 bis 02.09.2026" in page


def _statistics_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, query).status_code == 200
    return sum('"traffic_' in q["sql"] for q in queries.captured_queries)


def test_the_page_asks_the_database_once_per_chart_however_many_days(client, analyst, numbers):
    one_day = _statistics_queries(client, {"start": "2026-11-20", "end": "2026-11-20"})
    a_year = _statistics_queries(client, {"start": "2025-12-01", "end": "2026-11-30"})

    assert one_day == a_year <= 9


def test_the_csv_has_one_row_per_day_dimension_and_value(client, analyst, numbers):
    response = client.get(CSV_URL, {"start": "2026-11-20", "end": "2026-11-20"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="zugriffsstatistik-2026-11-20-2026-11-20.csv"' in response["Content-Disposition"]
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["Tag", "Merkmal", "Wert", "Bot", "Zugriffe", "Seitenaufrufe", "Bytes"]
    assert ["2026-11-20", "page", "/kontakt-hilfe/", "0", "30", "30", "0"] in rows
    assert ["2026-11-20", "page", "/tarife/", "1", "500", "500", "0"] in rows
    assert ["2026-11-20", "total", "", "1", "55", "0", "0"] in rows
    assert {row[0] for row in rows[1:]} == {"2026-11-20"}
    assert len(rows) == 1 + 11


def test_the_csv_quotes_separators_and_defuses_formulas(client, analyst):
    for value in ('=HYPERLINK("http://böse.example")', "+1", "-2", "@SUM(A1)", "/a;b", "/ok"):
        _count(TODAY, "page", value, views=1)

    text = client.get(CSV_URL).content.decode("utf-8")[1:]

    values = [row[2] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert sorted(values) == sorted(
        ['\'=HYPERLINK("http://böse.example")', "'+1", "'-2", "'@SUM(A1)", "/a;b", "/ok"]
    )
    assert '"/a;b"' in text


def test_the_dashboard_is_valid_html_with_numbers_and_with_an_error(
    client, analyst, numbers, tmp_path
):
    from website.tests.test_valid_html import validate

    files = []
    for name, query in (("numbers", {}), ("error", {"start": "2026-11-20", "end": "2026-11-01"})):
        file = tmp_path / f"{name}.html"
        file.write_bytes(client.get(URL, query).content)
        files.append(file)

    assert [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in validate(files)] == []


def test_large_numbers_are_grouped_as_germans_write_them(client, analyst):
    _count(TODAY, "total", "", views=123980, hits=130000)
    _count(TODAY, "page", "/", views=123980)
    _count(TODAY, "total", "", hits=57446, bot=True)

    html = client.get(URL, headers={"accept-language": "de"}).content.decode()

    assert "123.980" in html and "57.446" in html
    assert "123980<" not in html.replace(" ", "")
