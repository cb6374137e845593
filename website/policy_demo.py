"""Demo versions of the privacy policy, with the demo site's page and Impressum."""

from django.contrib.auth.models import Group, Permission
from wagtail.rich_text import expand_db_html

from privacy.demo import policy_demo_versions_ensure
from website.models import PrivacyPolicyPage
from website.policy_admin import policy_controller


def privacy_policy_demo_load() -> None:
    """Version 1.3 of 2012 and the current version; the data-protection officer's
    group may publish further versions. Safe to run again."""
    page = PrivacyPolicyPage.objects.first()
    if page is None:
        return
    policy_demo_versions_ensure(
        controller=policy_controller(page),
        intro_html=expand_db_html(page.intro),
        closing_html=expand_db_html(page.closing),
    )
    dpo_group = Group.objects.filter(name="Datenschutz").first()
    if dpo_group:
        dpo_group.permissions.add(
            Permission.objects.get(
                codename="publish_policy_version", content_type__app_label="privacy"
            )
        )
