"""Anonymous visitors get public pages from the cache; what editors change shows at once."""

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from wagtail.models import Page

from website.models import ContentPage, ImpressumSettings, OpeningHoursPage
from website.page_cache import PageCacheMiddleware, invalidating_models

pytestmark = pytest.mark.usefixtures("demo")

OPENING_HOURS = "/kontakt-hilfe/oeffnungszeiten/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def visit_twice(client, url, django_assert_num_queries, **headers):
    first = client.get(url, headers=headers)
    with django_assert_num_queries(0):
        second = client.get(url, headers=headers)
    return first, second


def test_repeated_visit_is_answered_without_the_database(client, demo, django_assert_num_queries):
    for url in ["/", "/kontakt-hilfe/", OPENING_HOURS, "/sitemap.xml"]:
        first, second = visit_twice(client, url, django_assert_num_queries)

        assert second.status_code == 200
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]


def test_cached_page_keeps_its_security_headers_and_sets_no_cookie(
    client, demo, django_assert_num_queries
):
    _, second = visit_twice(client, "/kontakt-hilfe/", django_assert_num_queries)

    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert "Accept-Language" in second["Vary"]
    assert second["Content-Language"] == "de"
    assert not second.cookies


def test_each_language_has_its_own_entry(client, demo, django_assert_num_queries):
    _, german = visit_twice(
        client, "/", django_assert_num_queries, accept_language="de-DE,de;q=0.9"
    )
    _, english = visit_twice(client, "/", django_assert_num_queries, accept_language="en-GB")

    assert '<html lang="de">' in german.text
    assert '<html lang="en">' in english.text


def test_publishing_a_change_shows_on_the_next_anonymous_visit(client, demo, admin_user):
    client.get(OPENING_HOURS)
    hours = OpeningHoursPage.objects.get()
    hours.intro = "<p>Ab Montag gelten neue Zeiten.</p>"

    hours.save_revision(user=admin_user).publish(user=admin_user)

    assert "Ab Montag gelten neue Zeiten." in client.get(OPENING_HOURS).text


def test_a_saved_draft_is_not_shown_to_visitors(client, demo, admin_user):
    client.get(OPENING_HOURS)
    hours = OpeningHoursPage.objects.get()
    hours.intro = "<p>Entwurf, noch geheim.</p>"

    hours.save_revision(user=admin_user)

    assert "Entwurf, noch geheim." not in client.get(OPENING_HOURS).text


def test_unpublished_page_is_gone_at_once(client, demo, admin_user):
    assert client.get(OPENING_HOURS).status_code == 200

    OpeningHoursPage.objects.get().unpublish(user=admin_user)

    assert client.get(OPENING_HOURS).status_code == 404


def test_deleted_page_leaves_the_cached_navigation(client, demo):
    page = ContentPage.objects.get(slug="anfahrtskizze")
    assert page.title in client.get("/kontakt-hilfe/").text

    page.delete()

    assert page.title not in client.get("/kontakt-hilfe/").text


def test_moved_page_leaves_its_old_address(client, demo, admin_user):
    page = ContentPage.objects.get(slug="anfahrtskizze")
    assert client.get("/kontakt-hilfe/anfahrtskizze/").status_code == 200

    page.move(Page.objects.get(depth=2), pos="last-child", user=admin_user)

    assert client.get("/kontakt-hilfe/anfahrtskizze/").status_code == 404
    assert client.get("/anfahrtskizze/").status_code == 200


def test_saving_the_impressum_settings_updates_the_impressum_page(client, demo):
    assert "Stadtwerke" in client.get("/kontakt-hilfe/impressum/").text
    imprint = ImpressumSettings.objects.get()
    imprint.company = "Versorgungsbetriebe Neustadt GmbH"

    imprint.save()

    assert "Versorgungsbetriebe Neustadt GmbH" in client.get("/kontakt-hilfe/impressum/").text


def test_operator_clears_the_cache_after_a_deployment(client, demo):
    client.get(OPENING_HOURS)
    OpeningHoursPage.objects.update(title="Neue Öffnungszeiten")  # no signal, like new code
    assert "Neue Öffnungszeiten" not in client.get(OPENING_HOURS).text

    call_command("clear_page_cache")

    assert "Neue Öffnungszeiten" in client.get(OPENING_HOURS).text


def test_head_request_is_answered_from_what_get_stored(client, demo, django_assert_num_queries):
    client.head("/kontakt-hilfe/")  # HEAD alone stores nothing
    client.get("/kontakt-hilfe/")

    with django_assert_num_queries(0):
        response = client.head("/kontakt-hilfe/")

    assert response.status_code == 200


def test_logged_in_editor_is_never_served_from_the_cache(
    client, demo, admin_user, django_assert_max_num_queries
):
    client.get("/kontakt-hilfe/")  # an anonymous visit fills the cache
    client.force_login(admin_user)

    with django_assert_max_num_queries(100) as queries:
        response = client.get("/kontakt-hilfe/")

    assert response.status_code == 200
    assert len(queries) > 0


def test_page_seen_by_a_logged_in_editor_is_not_stored(
    client, demo, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    client.get("/kontakt-hilfe/")
    client.logout()
    client.cookies.clear()

    with django_assert_max_num_queries(100) as queries:
        client.get("/kontakt-hilfe/")

    assert len(queries) > 0


def test_form_submission_is_never_answered_from_the_cache(
    client, demo, django_assert_max_num_queries
):
    client.get("/kontakt-hilfe/")

    with django_assert_max_num_queries(100) as queries:
        client.post("/kontakt-hilfe/", {"name": "Erika"})

    assert len(queries) > 0


def test_activated_embed_keeps_its_own_policy_and_is_not_stored(
    client, demo, django_assert_max_num_queries
):
    page = ContentPage.objects.get(slug="anfahrtskizze")
    embed = next(child for child in page.body if child.block_type == "third_party")
    url = f"/kontakt-hilfe/anfahrtskizze/?extern={embed.id}"
    plain = client.get("/kontakt-hilfe/anfahrtskizze/")
    client.get(url)

    with django_assert_max_num_queries(100) as queries:
        activated = client.get(url)

    assert len(queries) > 0
    origin = embed.block.origin(embed.value)
    assert origin in activated["Content-Security-Policy"]
    assert origin not in plain["Content-Security-Policy"]
    assert origin not in client.get("/kontakt-hilfe/anfahrtskizze/")["Content-Security-Policy"]


@override_settings(PAGE_CACHE_SECONDS=0)
def test_operator_can_turn_the_cache_off(client, demo, django_assert_max_num_queries):
    client.get("/kontakt-hilfe/")

    with django_assert_max_num_queries(100) as queries:
        client.get("/kontakt-hilfe/")

    assert len(queries) > 0


class CountingView:
    """Stands in for the rest of the stack, to see what the page cache stores."""

    def __init__(self, make_response):
        self.make_response = make_response
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        return self.make_response()


def calls_for_two_visits(make_response, path="/seite/", **request_kwargs) -> int:
    view = CountingView(make_response)
    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()
    for _ in range(2):
        middleware(factory.get(path, **request_kwargs))
    return view.calls


def with_cookie():
    response = HttpResponse("<p>Hallo</p>")
    response.set_cookie("csrftoken", "abc")
    return response


def with_headers(**headers):
    return lambda: HttpResponse("<p>Hallo</p>", headers=headers)


def test_plain_public_response_is_stored():
    assert calls_for_two_visits(with_headers()) == 1


@pytest.mark.parametrize(
    "make_response",
    [
        with_cookie,
        with_headers(**{"Cache-Control": "private"}),
        with_headers(**{"Cache-Control": "no-store"}),
        with_headers(**{"Cache-Control": "max-age=0, no-cache"}),
        with_headers(Vary="User-Agent"),
        lambda: HttpResponse("Nicht gefunden", status=404),
    ],
    ids=["sets-cookie", "private", "no-store", "no-cache", "varies-by-agent", "not-found"],
)
def test_responses_meant_for_one_visitor_are_not_stored(make_response):
    assert calls_for_two_visits(make_response) == 2


@pytest.mark.parametrize(
    "path,request_kwargs",
    [
        ("/admin/pages/", {}),
        ("/kundencenter/vertraege/", {}),
        ("/seite/", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/seite/", {"HTTP_COOKIE": "csrftoken=abc"}),
        ("/seite/", {"HTTP_AUTHORIZATION": "Basic YTpi"}),
    ],
    ids=["admin", "customer-centre", "session-cookie", "csrf-cookie", "credentials"],
)
def test_private_areas_and_visitors_with_cookies_bypass_the_cache(path, request_kwargs):
    assert calls_for_two_visits(with_headers(), path, **request_kwargs) == 2


def test_misplaced_middleware_is_reported(settings):
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "website.page_cache.PageCacheMiddleware",
        "django.middleware.locale.LocaleMiddleware",
    ]

    errors = [error for error in run_checks() if error.id == "website.E001"]

    assert errors and "SessionMiddleware" in errors[0].msg


def test_configured_order_passes_the_check():
    assert not [error for error in run_checks() if error.id == "website.E001"]


def test_models_a_page_shows_can_be_named_to_invalidate(settings):
    from django.contrib.auth.models import Group

    assert Group not in invalidating_models()
    settings.PAGE_CACHE_INVALIDATED_BY = ["auth.Group"]

    assert Group in invalidating_models()
    assert ImpressumSettings in invalidating_models()
