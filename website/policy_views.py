"""The public privacy-policy pages: the version in force, the list of all versions,
and each version as it was published. Routed by ``PrivacyPolicyPage``."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from privacy.models import PolicyVersion


@dataclass(frozen=True)
class ListedVersion:
    version: PolicyVersion
    #: The last day it was in force; None while it is in force or yet to come.
    valid_until: date | None
    is_current: bool
    is_upcoming: bool


def _frozen_text(version: PolicyVersion | None) -> dict:
    if version is None:
        return {"policy_html": "", "policy_language": ""}
    html, language = version.content(get_language())
    return {"policy_html": html, "policy_language": language}


def policy_current(request, page):
    version = PolicyVersion.objects.current(timezone.localdate())
    return page.render(
        request,
        template="website/privacy_policy_page.html",
        context_overrides={"version": version, **_frozen_text(version)},
    )


def policy_versions_listed(today: date) -> list[ListedVersion]:
    """Every version, newest first, with the day each stopped being in force."""
    versions = list(PolicyVersion.objects.order_by("-valid_from", "-published_at"))
    current = PolicyVersion.objects.current(today)
    listed = []
    successor = None
    for version in versions:
        valid_until = None
        if successor is not None and successor.valid_from <= today:
            # A same-day correction replaces a version on the day it took effect.
            valid_until = max(successor.valid_from - timedelta(days=1), version.valid_from)
        listed.append(
            ListedVersion(
                version=version,
                valid_until=valid_until,
                is_current=current is not None and version.pk == current.pk,
                is_upcoming=version.valid_from > today,
            )
        )
        successor = version
    return listed


def policy_version_list(request, page):
    return page.render(
        request,
        template="website/privacy_policy_versions.html",
        context_overrides={
            "versions": policy_versions_listed(timezone.localdate()),
            "breadcrumb_tail": _("Versionen"),
        },
    )


def policy_version_detail(request, page, number: str):
    try:
        version = PolicyVersion.objects.get(number=number)
    except PolicyVersion.DoesNotExist:
        raise Http404(_("Diese Version der Datenschutzerklärung gibt es nicht.")) from None
    today = timezone.localdate()
    return page.render(
        request,
        template="website/privacy_policy_version.html",
        context_overrides={
            "version": version,
            "current": PolicyVersion.objects.current(today),
            "is_upcoming": version.valid_from > today,
            "breadcrumb_tail": _("Version %(number)s") % {"number": version.number},
            **_frozen_text(version),
        },
    )
