from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inquiries.models import FormRoute, Inquiry, Kind, Topic, Unit
from privacy.models import RetentionHold
from privacy.registry import get_activity

#: The processing activity (inquiries/privacy.py) each form's records belong to.
ACTIVITY_BY_KIND = {
    Kind.CONTACT: "inquiries.contact",
    Kind.CALLBACK: "inquiries.callback",
    Kind.PRIVACY_OFFICER: "inquiries.privacy_officer",
    Kind.EQUALITY_OFFICER: "inquiries.equality_officer",
    Kind.FEEDBACK: "inquiries.feedback",
    Kind.OUTAGE: "inquiries.outage",
}


def unit_members(*, unit: Unit) -> QuerySet:
    return get_user_model().objects.filter(groups=unit.group_id, is_active=True)


def units_for_user(*, user: AbstractBaseUser) -> QuerySet:
    """The units whose inbox a staff member sees: those whose group they belong to.

    Membership is the only way in, superusers included: what is sent to an officer
    is for that officer and their deputies alone.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    return Unit.objects.filter(group__user=user).distinct()


def inquiries_visible_to(*, user: AbstractBaseUser) -> QuerySet:
    return Inquiry.objects.filter(unit__in=units_for_user(user=user))


def inbox_overview(*, user: AbstractBaseUser) -> QuerySet:
    return units_for_user(user=user).annotate(
        new_count=Count("inquiries", filter=Q(inquiries__status=Inquiry.Status.NEW)),
        open_count=Count("inquiries", filter=Q(inquiries__status=Inquiry.Status.IN_PROGRESS)),
    )


def inbox_unit_get(*, user: AbstractBaseUser, slug: str) -> Unit:
    unit = units_for_user(user=user).filter(slug=slug).first()
    if unit is None:
        raise Http404
    return unit


def inbox_list(*, unit: Unit, status: str | None = None) -> QuerySet:
    inquiries = unit.inquiries.exclude(kind=Kind.CALLBACK).select_related("assignee")
    if status in Inquiry.Status.values:
        inquiries = inquiries.filter(status=status)
    return inquiries.order_by("status", "created_at")


def inquiry_get_for_user(*, user: AbstractBaseUser, reference: str) -> Inquiry:
    inquiry = (
        inquiries_visible_to(user=user)
        .select_related("unit", "assignee", "topic")
        .filter(reference=reference)
        .first()
    )
    if inquiry is None:
        raise Http404
    return inquiry


def callback_list(*, user: AbstractBaseUser) -> QuerySet:
    """Open callback requests of the user's callback units, soonest first."""
    return (
        inquiries_visible_to(user=user)
        .filter(kind=Kind.CALLBACK, unit__handles_callbacks=True)
        .select_related("unit", "assignee")
        .order_by("preferred_start", "created_at")
    )


def forward_targets(*, inquiry: Inquiry) -> QuerySet:
    return Unit.objects.exclude(pk=inquiry.unit_id)


def form_available(*, kind: str) -> bool:
    """A form can take inquiries once staff have said where they go."""
    if kind in (Kind.CONTACT, Kind.CALLBACK, Kind.OUTAGE):
        return Topic.objects.filter(kind=kind, active=True).exists()
    return FormRoute.objects.filter(kind=kind).exists()


def confirmation_offered(*, kind: str) -> bool:
    return FormRoute.objects.filter(kind=kind, send_confirmation=True).exists()


def holds_active(*, inquiry: Inquiry) -> QuerySet:
    return (
        RetentionHold.objects.on_model(Inquiry)
        .active(timezone.now())
        .filter(object_id=str(inquiry.pk))
        .order_by("-until")
    )


def deletion_due_at(*, inquiry: Inquiry) -> datetime | None:
    """When retention will delete this inquiry, as far as is known today."""
    rule = get_activity(ACTIVITY_BY_KIND[inquiry.kind]).retention
    if inquiry.kind == Kind.CALLBACK:
        return (
            inquiry.preferred_start + timedelta(days=rule.days) if inquiry.preferred_start else None
        )
    if inquiry.done_at is None:
        return None
    due = inquiry.done_at + timedelta(days=rule.days)
    latest_hold = holds_active(inquiry=inquiry).first()
    if latest_hold is not None and latest_hold.until > due:
        return latest_hold.until
    return due
