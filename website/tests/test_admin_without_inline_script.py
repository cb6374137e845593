"""The Wagtail admin works under the strict Content-Security-Policy: Wagtail's inline
widget scripts are replaced by markers that a static script starts."""

from website.demo import DEMO_PASSWORD
from website.models import HomePage


def test_editor_schedules_publishing_without_policy_violations(site, page):
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    home = HomePage.objects.get()

    page.goto(site.url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{site.url}/admin/pages/{home.pk}/edit/")
    page.wait_for_load_state("networkidle")

    go_live = page.locator('[data-csp-init="initDateTimeChooser"][data-target="id_go_live_at"]')
    assert go_live.get_attribute("data-csp-started") == "true"
    assert violations == []


def test_admin_policy_allows_inline_styles_but_no_inline_script(site, client):
    client.login(username="admin", password=DEMO_PASSWORD)

    response = client.get("/admin/")

    policy = response.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "style-src 'self' 'unsafe-inline'" in policy
