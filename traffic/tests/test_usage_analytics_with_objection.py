"""Usage analytics: page orders under a daily key, one day of raw events, anonymous
transition counts, and the visitor's objection (cookie, DNT, GPC)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from traffic.analytics import OPT_OUT_COOKIE
from traffic.models import DailyCount, DailySalt, PageEvent, Transition
from traffic.services import access_logs_ingest, analytics_finished_days_count

BERLIN = ZoneInfo("Europe/Berlin")
IP = "198.51.100.23"
AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
PRIVACY = "/kontakt-hilfe/datenschutz/"
HELP = "/kontakt-hilfe/hilfe/"
OBJECTION = "/nutzungsanalyse/widerspruch/"
pytestmark = [pytest.mark.django_db]


@pytest.fixture
def pages(settings):
    from website.demo import home_page_ensure
    from website.demo_pages import section_ensure

    settings.TRAFFIC_ACCESS_LOG_WRITE = False
    settings.PAGE_CACHE_SECONDS = 0
    section_ensure(home_page_ensure())


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def visit(client, path: str, *, ip: str = IP, agent: str = AGENT, **headers):
    response = client.get(path, REMOTE_ADDR=ip, headers={"user-agent": agent, **headers})
    assert response.status_code == 200
    return response


def test_a_page_view_is_recorded_without_address_or_user_agent(client, pages):
    visit(client, "/")
    visit(client, f"{HELP}?q=Max+Mustermann")

    events = list(PageEvent.objects.order_by("at"))
    assert [event.path for event in events] == ["/", HELP]
    assert events[0].visit == events[1].visit
    stored = [
        *PageEvent.objects.values_list("visit", "path"),
        *DailySalt.objects.values_list("secret"),
    ]
    for values in stored:
        for value in values:
            assert IP not in value and "Firefox" not in value and "Mustermann" not in value


def test_the_visit_key_changes_with_the_day_and_yesterdays_secret_is_destroyed(client, pages):
    day = date(2026, 10, 10)
    with time_machine.travel(at(day, 23, 50), tick=False):
        visit(client, "/")
    with time_machine.travel(at(day + timedelta(days=1), 0, 10), tick=False):
        visit(client, "/")
        assert DailySalt.objects.filter(day=day).exists()
        assert PageEvent.objects.values("visit").distinct().count() == 2

        analytics_finished_days_count()

        assert not DailySalt.objects.filter(day__lt=day + timedelta(days=1)).exists()
        assert DailySalt.objects.filter(day=day + timedelta(days=1)).exists()
    [today] = PageEvent.objects.all()
    transitions = Transition.objects.filter(day=day).values_list("from_path", "to_path", "count")
    assert set(transitions) == {("", "/", 1), ("/", "", 1)}
    # The same address and browser after midnight are a different, unlinkable visit.
    with time_machine.travel(at(day + timedelta(days=1), 0, 20), tick=False):
        visit(client, HELP)
    assert PageEvent.objects.filter(visit=today.visit).count() == 2


def test_events_of_finished_days_become_transition_counts_and_are_deleted(client, pages):
    day = date(2026, 10, 10)
    steps = [
        (IP, at(day, 9, 0), "/"),
        (IP, at(day, 9, 2), "/kontakt-hilfe/"),
        (IP, at(day, 9, 3), HELP),
        # More than 30 minutes later: a new visit with the same key.
        (IP, at(day, 10, 0), "/kontakt-hilfe/"),
        ("203.0.113.9", at(day, 9, 1), "/"),
        ("203.0.113.9", at(day, 9, 4), "/kontakt-hilfe/"),
    ]
    for ip, when, path in steps:
        with time_machine.travel(when, tick=False):
            visit(client, path, ip=ip)
    with time_machine.travel(at(day + timedelta(days=1), 8), tick=False):
        visit(client, "/")  # today's event stays raw

        counted = analytics_finished_days_count()

    assert counted == 6
    assert set(Transition.objects.values_list("day", "from_path", "to_path", "count")) == {
        (day, "", "/", 2),
        (day, "/", "/kontakt-hilfe/", 2),
        (day, "/kontakt-hilfe/", HELP, 1),
        (day, HELP, "", 1),
        (day, "", "/kontakt-hilfe/", 1),
        (day, "/kontakt-hilfe/", "", 2),
    }
    assert list(PageEvent.objects.values_list("path", flat=True)) == ["/"]
    assert not PageEvent.objects.filter(at__lt=at(day + timedelta(days=1), 0)).exists()

    with time_machine.travel(at(day + timedelta(days=1), 9), tick=False):
        assert analytics_finished_days_count() == 0
    assert Transition.objects.get(day=day, from_path="", to_path="/").count == 2


@pytest.mark.parametrize(
    "objection",
    [{"dnt": "1"}, {"sec-gpc": "1"}, {"cookie": f"{OPT_OUT_COOKIE}=1"}],
    ids=["do-not-track", "global-privacy-control", "opt-out-cookie"],
)
def test_an_objection_means_nothing_is_recorded(client, pages, objection):
    visit(client, "/", **objection)
    visit(client, HELP, **objection)

    assert not PageEvent.objects.exists()
    assert not DailySalt.objects.exists()

    visit(client, "/", dnt="0")
    assert PageEvent.objects.count() == 1


def test_bots_and_the_admin_are_never_recorded(client, pages):
    visit(client, "/", agent=BOT)
    client.get("/admin/login/", headers={"user-agent": AGENT})

    assert not PageEvent.objects.exists()


def test_objecting_works_without_javascript_and_can_be_withdrawn(client, pages):
    page = visit(client, PRIVACY).content.decode()
    assert "Widerspruch gegen die Nutzungsanalyse" in page
    assert f"„{OPT_OUT_COOKIE}“" in page
    assert "„Do Not Track“" in page
    assert f'action="{OBJECTION}"' in page
    assert PageEvent.objects.count() == 1

    response = client.post(OBJECTION, {"action": "object", "next": PRIVACY})

    assert response.status_code == 303
    assert response["Location"] == f"{PRIVACY}#widerspruch-nutzungsanalyse"
    cookie = response.cookies[OPT_OUT_COOKIE]
    assert cookie.value == "1"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    page = visit(client, PRIVACY).content.decode()
    assert "Sie haben widersprochen." in page
    assert "Widerspruch zurücknehmen" in page
    visit(client, HELP)
    assert PageEvent.objects.count() == 1

    response = client.post(OBJECTION, {"action": "withdraw", "next": PRIVACY})

    assert response.status_code == 303
    assert response.cookies[OPT_OUT_COOKIE]["max-age"] == 0
    assert "Der Nutzungsanalyse widersprechen" in visit(client, PRIVACY).content.decode()
    assert PageEvent.objects.count() == 2


def test_another_site_cannot_withdraw_an_objection_nor_redirect_elsewhere(client):
    refused = client.post(
        OBJECTION, {"action": "withdraw"}, headers={"sec-fetch-site": "cross-site"}
    )
    foreign = client.post(OBJECTION, {"action": "object", "next": "https://evil.example/"})
    nonsense = client.post(OBJECTION, {"action": "delete-everything"})

    assert refused.status_code == 400
    assert OPT_OUT_COOKIE not in refused.cookies
    assert foreign["Location"] == "/#widerspruch-nutzungsanalyse"
    assert nonsense.status_code == 400


def test_the_objection_address_opened_directly_shows_the_box(client, pages):
    page = client.get(OBJECTION)
    assert page.status_code == 200
    assert "Der Nutzungsanalyse widersprechen" in page.content.decode()

    client.post(OBJECTION, {"action": "object", "next": OBJECTION})
    assert "Sie haben widersprochen." in client.get(OBJECTION).content.decode()


def test_the_access_log_statistics_still_count_an_objecting_visitor_anonymously(
    client, pages, log_dir
):
    """They are anonymous aggregates; the privacy page says so beside the button."""
    from traffic.access_log import writer

    page = visit(client, PRIVACY, cookie=f"{OPT_OUT_COOKIE}=1").content.decode()
    writer.flush()
    access_logs_ingest()

    assert "Die Statistik aus den Zugriffsprotokollen betrifft der Widerspruch nicht" in page
    assert not PageEvent.objects.exists()
    counted = DailyCount.objects.get(dimension="page", value=PRIVACY, bot=False)
    assert counted.views == 1
    assert not DailyCount.objects.filter(value__contains=IP).exists()
