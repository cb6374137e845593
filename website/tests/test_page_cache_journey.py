"""An editor publishes, and a visitor served from the page cache sees it on the next visit."""

import re

from conftest import assert_accessible
from website.demo import DEMO_PASSWORD
from website.models import OpeningHoursPage


def test_visitor_sees_what_an_editor_just_published(site, page, browser, browser_context_args):
    hours = OpeningHoursPage.objects.get()
    visitor = browser.new_context(**browser_context_args).new_page()
    heading = visitor.get_by_role("heading", level=1)
    visitor.goto(site.url + hours.url)
    assert heading.inner_text() == hours.title

    # A change that bypasses Wagtail (no publishing) stays unseen: the page comes
    # from the cache.
    OpeningHoursPage.objects.filter(pk=hours.pk).update(title="Ohne Veröffentlichung")
    visitor.reload()
    assert heading.inner_text() == hours.title
    assert visitor.context.cookies() == []

    page.goto(site.url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{site.url}/admin/pages/{hours.pk}/edit/")
    page.locator("#id_title").fill("Öffnungszeiten des Kundenzentrums")
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    visitor.reload()
    assert heading.inner_text() == "Öffnungszeiten des Kundenzentrums"
    assert visitor.context.cookies() == []
    assert_accessible(visitor)
