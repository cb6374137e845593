"""Publishing a new version of the privacy policy: an editor action in the Wagtail admin.

The form asks for the version number and the validity date; the text is the page's
intro and closing as last saved, the Impressum settings, and the registry as it is now.
Only users with the permission ``privacy.publish_policy_version`` see and use it. Who
published is recorded in Wagtail's audit log, not in the version.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput, Button
from wagtail.log_actions import LogFormatter, log
from wagtail.rich_text import expand_db_html

from privacy.models import PolicyVersion
from privacy.policy import Controller, policy_render
from privacy.registry import get_activities
from privacy.selectors import policy_drift
from privacy.services import policy_version_publish
from website.models import ImpressumSettings, PrivacyPolicyPage

PERMISSION = "privacy.publish_policy_version"
LOG_ACTION = "website.policy_version_publish"


class PolicyVersionPublishForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Versionsnummer"),
        max_length=20,
        help_text=gettext_lazy("Höher als die letzte Version, z. B. 2.1 oder 3.0."),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Gültig ab"),
        widget=AdminDateInput,
        help_text=gettext_lazy("Ab diesem Tag zeigt die Website die neue Version."),
    )


def policy_controller(page: PrivacyPolicyPage) -> Controller:
    """The controller as the policy names it, from the site's Impressum settings."""
    imprint = ImpressumSettings.for_site(page.get_site())
    register = " ".join(part for part in (imprint.register_court, imprint.register_number) if part)
    return {
        "company": imprint.company,
        "address": f"{imprint.street}\n{imprint.postcode} {imprint.city}".strip(),
        "register": register,
        "vat_id": imprint.vat_id,
        "managing_directors": imprint.managing_directors,
        "dpo_name": imprint.dpo_name,
        "dpo_email": imprint.dpo_email,
        "dpo_address": imprint.dpo_address,
        "supervisory_authority": page.supervisory_authority,
    }


def policy_page_draft(page: PrivacyPolicyPage) -> PrivacyPolicyPage:
    """The page as an editor last saved it, published or not."""
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def policy_version_publish_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    # One policy page per site, at a fixed address (FixedSlugMixin).
    page = PrivacyPolicyPage.objects.first()
    if page is None:
        raise Http404
    draft = policy_page_draft(page)
    # Page links in rich text become addresses now, as they are to be frozen.
    intro_html, closing_html = expand_db_html(draft.intro), expand_db_html(draft.closing)
    controller = policy_controller(page)
    form = PolicyVersionPublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = policy_version_publish(
                number=form.cleaned_data["number"].strip(),
                valid_from=form.cleaned_data["valid_from"],
                intro_html=intro_html,
                closing_html=closing_html,
                controller=controller,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log(
                instance=page,
                action=LOG_ACTION,
                user=request.user,
                data={"number": version.number, "valid_from": version.valid_from.isoformat()},
            )
            messages.success(
                request,
                _("Version %(number)s der Datenschutzerklärung ist veröffentlicht.")
                % {"number": version.number},
            )
            return redirect("website_policy_version_publish")
    title = _("Neue Version der Datenschutzerklärung")
    return TemplateResponse(
        request,
        "website/admin/policy_version_publish.html",
        {
            "page": page,
            "form": form,
            "page_title": title,
            "latest": PolicyVersion.objects.order_by("-valid_from", "-published_at").first(),
            "drift": policy_drift(),
            "titles": {activity.key: activity.title for activity in get_activities()},
            "preview_html": policy_render(
                intro_html=intro_html,
                closing_html=closing_html,
                controller=controller,
                language="de",
            ),
        },
    )


@hooks.register("register_admin_urls")
def register_policy_publish_url():
    return [
        path(
            "datenschutz/neue-version/",
            policy_version_publish_view,
            name="website_policy_version_publish",
        )
    ]


class PolicyPublishMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_policy_publish_menu_item():
    return PolicyPublishMenuItem(
        gettext_lazy("Datenschutzerklärung"),
        reverse("website_policy_version_publish"),
        icon_name="doc-full",
        order=910,
    )


@hooks.register("register_page_header_buttons")
def policy_publish_button(page, user, view_name, next_url=None):
    if page.specific_class is PrivacyPolicyPage and user.has_perm(PERMISSION):
        yield Button(
            _("Neue Version veröffentlichen"),
            reverse("website_policy_version_publish"),
            icon_name="lock",
            priority=40,
        )


@hooks.register("register_log_actions")
def register_policy_log_action(actions):
    @actions.register_action(LOG_ACTION)
    class PolicyVersionPublished(LogFormatter):
        label = gettext_lazy("Datenschutzerklärung veröffentlicht")

        def format_message(self, log_entry):
            return _(
                "Version %(number)s der Datenschutzerklärung veröffentlicht, gültig ab %(date)s"
            ) % {
                "number": log_entry.data.get("number", ""),
                "date": log_entry.data.get("valid_from", ""),
            }
