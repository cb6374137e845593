from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.mail_budget import mail_budget_take
from inquiries.models import FormRoute, Inquiry, InquiryEvent, Kind, OutgoingMail, Topic, Unit
from inquiries.selectors import unit_members
from privacy.models import RetentionHold, SubjectRequest
from privacy.services import hold_place
from privacy.subject_requests import request_receive

INQUIRY_FIELDS = (
    "salutation",
    "name",
    "email",
    "phone",
    "customer_number",
    "concern",
    "feedback_type",
    "location",
    "preferred_date",
    "preferred_from",
    "preferred_until",
)


class NoResponsibleUnit(Exception):
    """No unit is configured for a form: staff must set up the routing."""


def unit_for(*, kind: str, topic: Topic | None) -> Unit:
    if topic is not None:
        return topic.unit
    route = FormRoute.objects.select_related("unit").filter(kind=kind).first()
    if route is None:
        raise NoResponsibleUnit(kind)
    return route.unit


def _mail_enqueue(*, inquiry: Inquiry, purpose: str) -> OutgoingMail:
    from inquiries.tasks import send_inquiry_mail

    mail = OutgoingMail.objects.create(
        inquiry=inquiry, purpose=purpose, next_attempt_at=timezone.now()
    )
    # The outbox row commits with the inquiry; should the enqueue itself be lost,
    # the minutely retry task still finds the row.
    transaction.on_commit(lambda: send_inquiry_mail.enqueue(mail_id=mail.pk))
    return mail


def _unit_notify(*, inquiry: Inquiry) -> None:
    address = inquiry.unit.notification_email
    if address and mail_budget_take(address=address):
        _mail_enqueue(inquiry=inquiry, purpose=OutgoingMail.Purpose.UNIT_NOTIFICATION)


@transaction.atomic
def inquiry_submit(*, kind: str, data: dict, wants_confirmation: bool = False) -> Inquiry:
    """Store an inquiry for its responsible unit and plan the mails about it."""
    topic = data.get("topic")
    unit = unit_for(kind=kind, topic=topic)
    fields = {name: data[name] for name in INQUIRY_FIELDS if data.get(name) not in (None, "")}
    inquiry = Inquiry(
        kind=kind, unit=unit, topic=topic, topic_label=topic.label if topic else "", **fields
    )
    if kind == Kind.CALLBACK:
        inquiry.preferred_start = timezone.make_aware(
            datetime.combine(inquiry.preferred_date, inquiry.preferred_from)
        )
    inquiry.save()
    _unit_notify(inquiry=inquiry)
    if wants_confirmation and inquiry.email and mail_budget_take(address=inquiry.email):
        _mail_enqueue(inquiry=inquiry, purpose=OutgoingMail.Purpose.CONFIRMATION)
    return inquiry


class MailBudgetExhausted(Exception):
    """The address was mailed a moment ago, or the day's mails caused by the public
    are used up: the request would ask for a mail that may not go out now."""


@transaction.atomic
def subject_request_submit(*, kind: str, data: dict) -> SubjectRequest:
    """A right exercised through the DPO's form: a data-subject request (with its
    deadline and the link that confirms the e-mail address) instead of an inquiry,
    so the concern is stored once, where the DPO works through such requests."""
    if kind not in SubjectRequest.Kind.values:
        raise ValueError(kind)
    if not mail_budget_take(address=data["email"]):
        raise MailBudgetExhausted(kind)
    return request_receive(
        kind=kind,
        channel=SubjectRequest.Channel.FORM,
        name=data.get("name", ""),
        email=data["email"],
        customer_number=data.get("customer_number") or "",
        phone=data.get("phone") or "",
        description=data.get("concern", ""),
    )


def _locked(inquiry: Inquiry) -> Inquiry:
    return Inquiry.objects.select_for_update().select_related("unit").get(pk=inquiry.pk)


@transaction.atomic
def inquiry_status_set(*, inquiry: Inquiry, status: str, actor: AbstractBaseUser) -> Inquiry:
    inquiry = _locked(inquiry)
    if status not in Inquiry.Status.values:
        raise ValidationError(_("Unbekannter Status."))
    if status == inquiry.status:
        return inquiry
    inquiry.status = status
    inquiry.done_at = timezone.now() if status == Inquiry.Status.DONE else None
    if status == Inquiry.Status.IN_PROGRESS and inquiry.assignee_id is None:
        inquiry.assignee = actor
    inquiry.save(update_fields=["status", "done_at", "assignee"])
    InquiryEvent.objects.create(
        inquiry=inquiry,
        action=InquiryEvent.Action.STATUS,
        actor=actor,
        text=str(Inquiry.Status(status).label),
    )
    return inquiry


@transaction.atomic
def inquiry_assign(
    *, inquiry: Inquiry, assignee: AbstractBaseUser | None, actor: AbstractBaseUser
) -> Inquiry:
    inquiry = _locked(inquiry)
    if assignee is not None and not unit_members(unit=inquiry.unit).filter(pk=assignee.pk).exists():
        raise ValidationError(_("Zuweisen lässt sich nur an Beschäftigte der zuständigen Stelle."))
    inquiry.assignee = assignee
    inquiry.save(update_fields=["assignee"])
    InquiryEvent.objects.create(
        inquiry=inquiry,
        action=InquiryEvent.Action.ASSIGNED,
        actor=actor,
        text=assignee.get_full_name() or assignee.get_username() if assignee else "",
    )
    return inquiry


def inquiry_note_add(*, inquiry: Inquiry, text: str, actor: AbstractBaseUser) -> InquiryEvent:
    return InquiryEvent.objects.create(
        inquiry=inquiry, action=InquiryEvent.Action.NOTE, actor=actor, text=text
    )


@transaction.atomic
def inquiry_forward(
    *, inquiry: Inquiry, to_unit: Unit, actor: AbstractBaseUser, note: str = ""
) -> Inquiry:
    """Hand an inquiry to another unit; it starts there as new and unassigned."""
    inquiry = _locked(inquiry)
    if inquiry.unit.confidential:
        raise PermissionDenied("Inquiries to an officer stay with that officer.")
    if to_unit.pk == inquiry.unit_id:
        raise ValidationError(_("Das Anliegen liegt bereits bei dieser Stelle."))
    from_unit = inquiry.unit
    inquiry.unit = to_unit
    inquiry.status = Inquiry.Status.NEW
    inquiry.assignee = None
    inquiry.done_at = None
    inquiry.save(update_fields=["unit", "status", "assignee", "done_at"])
    InquiryEvent.objects.create(
        inquiry=inquiry,
        action=InquiryEvent.Action.FORWARDED,
        actor=actor,
        from_unit=from_unit,
        to_unit=to_unit,
        text=note,
    )
    _unit_notify(inquiry=inquiry)
    return inquiry


@transaction.atomic
def callback_mark_done(*, inquiry: Inquiry, actor: AbstractBaseUser) -> None:
    """The call is made: the callback request has served its purpose and goes now."""
    inquiry = _locked(inquiry)
    if inquiry.kind != Kind.CALLBACK:
        raise ValidationError(_("Nur Rückrufwünsche werden als angerufen markiert."))
    inquiry.delete()


def inquiry_hold(
    *,
    inquiry: Inquiry,
    reason: RetentionHold.Reason,
    until: datetime,
    actor: AbstractBaseUser,
    note: str = "",
) -> RetentionHold:
    if inquiry.kind == Kind.CALLBACK:
        raise ValidationError(_("Rückrufwünsche werden nicht über den Anruf hinaus aufbewahrt."))
    with transaction.atomic():
        hold = hold_place(record=inquiry, reason=reason, until=until, placed_by=actor, note=note)
        InquiryEvent.objects.create(
            inquiry=inquiry,
            action=InquiryEvent.Action.HOLD,
            actor=actor,
            text=f"{hold.get_reason_display()} bis {timezone.localtime(until):%d.%m.%Y}",
        )
    return hold
