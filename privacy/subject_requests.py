"""Data-subject requests (GDPR Art. 12, 15-21): receipt, identity, deadline, answer.

A request is found by reference and worked through in steps, each recorded without
the data itself. Nothing is released or erased before the subject's identity is
verified, and nothing is mailed to an address that was not verified. The records
themselves are found and erased through the registry (privacy.subjects), so an app
declared later is covered without a change here.
"""

import calendar
import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from privacy.access_package import access_copy, access_copy_archive, access_copy_pdf
from privacy.models import AccessPackage, SubjectRequest, SubjectRequestStep
from privacy.privacy import ACCESS_PACKAGE_DAYS
from privacy.registry import get_activities, get_subject_sources
from privacy.selectors import subject_request_list_open
from privacy.subjects import ErasureResult, Subject, subject_erase

Kind = SubjectRequest.Kind
Channel = SubjectRequest.Channel
Status = SubjectRequest.Status
Verification = SubjectRequest.Verification
Action = SubjectRequestStep.Action

EMAIL_LINK_DAYS = 7
POSTAL_CODE_DAYS = 30
POSTAL_CODE_ATTEMPTS = 5
#: Art. 12(3): one month, extendable by two further months where necessary.
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


class NotVerified(Exception):
    """The subject's identity is not verified: nothing may be released or erased."""


class RequestClosed(Exception):
    """The request is already answered or rejected."""


def months_later(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date()


def due_date_for(received_at: datetime) -> date:
    return months_later(local_date(received_at), ANSWER_MONTHS)


def _hash(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def step_record(request: SubjectRequest, action: str, *, actor=None, detail: str = "") -> None:
    SubjectRequestStep.objects.create(
        request=request, at=timezone.now(), action=action, actor=actor, detail=detail[:300]
    )


def _mail(*, to: str, template: str, context: dict) -> None:
    with translation.override("de"):
        text = render_to_string(f"privacy/requests/email/{template}.txt", context)
    subject, body = text.split("\n", 1)
    EmailMessage(subject.strip(), body.strip() + "\n", to=[to]).send()


# Receipt ---------------------------------------------------------------------------


@transaction.atomic
def request_receive(
    *,
    kind: str,
    channel: str,
    name: str = "",
    email: str = "",
    customer_number: str = "",
    phone: str = "",
    description: str = "",
    user=None,
    customer_number_of_user: str = "",
    remove_online_access: bool = False,
    actor=None,
    received_at: datetime | None = None,
) -> SubjectRequest:
    """Store a request with its one-month deadline and take the first step.

    A customer logged in to the customer centre (``user`` with the customer number of
    their online access) is verified by that login. Anyone else who gave an e-mail
    address is sent a link to confirm it.
    """
    now = timezone.now()
    received_at = received_at or now
    request = SubjectRequest.objects.create(
        kind=kind,
        channel=channel,
        name=name.strip(),
        email=email.strip(),
        customer_number=(customer_number_of_user or customer_number).strip(),
        phone=phone.strip(),
        description=description.strip(),
        user=user,
        remove_online_access=remove_online_access and kind == Kind.ERASURE,
        received_at=received_at,
        due_on=due_date_for(received_at),
    )
    request.reference = f"DS-{local_date(received_at):%Y}-{request.pk:05d}"
    if user is not None:
        request.email = user.email
        request.email_verified_at = request.customer_verified_at = now
        request.identity_verified_at = now
        request.verification = Verification.LOGIN
        request.status = Status.VERIFIED
    request.save()
    step_record(request, Action.RECEIVED, actor=actor, detail=request.get_channel_display())
    if user is not None:
        step_record(request, Action.IDENTITY_CONFIRMED, detail=Verification.LOGIN.label)
    elif request.email and channel in (Channel.FORM, Channel.EMAIL):
        transaction.on_commit(lambda: email_link_send(request=request))
    if actor is None:  # staff who enter a request know of it already
        transaction.on_commit(lambda: _officer_notify(request))
    return request


def _officer_notify(request: SubjectRequest) -> None:
    """Tell the DPO's mailbox a request has come in: reference, kind and deadline, and
    the desk's address; who asked and why stays in the desk."""
    from privacy.tasks import subject_request_officer_notice_task

    if settings.PRIVACY_OFFICER_EMAIL:
        subject_request_officer_notice_task.enqueue(request_id=request.pk)


def officer_notice_deliver(*, request_id: int) -> None:
    request = SubjectRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    _mail(
        to=settings.PRIVACY_OFFICER_EMAIL,
        template="officer_notice",
        context={
            "request": request,
            "link": _absolute(reverse("privacy_desk_request", args=[request.pk])),
        },
    )


def email_link_send(*, request: SubjectRequest, actor=None) -> None:
    """Send the link that confirms the request's e-mail address (in a task)."""
    from privacy.tasks import subject_request_email_link_task

    if request.email and not request.email_verified_at:
        subject_request_email_link_task.enqueue(request_id=request.pk)
        step_record(request, Action.EMAIL_LINK_SENT, actor=actor)


def email_link_deliver(*, request_id: int) -> None:
    """Make a fresh confirmation link and mail it; runs in the worker, so the token
    never sits in the task queue."""
    request = SubjectRequest.objects.filter(pk=request_id, closed_at=None).first()
    if request is None or not request.email or request.email_verified_at:
        return
    token = secrets.token_urlsafe(32)
    request.email_token_hash = _hash(token)
    request.email_token_sent_at = timezone.now()
    request.save(update_fields=["email_token_hash", "email_token_sent_at"])
    _mail(
        to=request.email,
        template="confirm_email",
        context={
            "request": request,
            "link": _absolute(reverse("privacy_request_confirm", args=[token])),
            "days": EMAIL_LINK_DAYS,
        },
    )


def request_for_email_token(token: str) -> SubjectRequest | None:
    if not token or len(token) > 100:
        return None
    cutoff = timezone.now() - timedelta(days=EMAIL_LINK_DAYS)
    return SubjectRequest.objects.filter(
        email_token_hash=_hash(token), email_token_sent_at__gte=cutoff, closed_at=None
    ).first()


@transaction.atomic
def email_confirm(*, token: str) -> SubjectRequest | None:
    """The subject followed the link: their address is theirs."""
    request = request_for_email_token(token)
    if request is None:
        return None
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    request.email_verified_at = timezone.now()
    request.email_token_hash = ""
    request.save(update_fields=["email_verified_at", "email_token_hash"])
    step_record(request, Action.EMAIL_CONFIRMED)
    _identity_update(request)
    return request


# Identity --------------------------------------------------------------------------


def _source_identifiers(customer_number: str) -> tuple[set[str], set[str]]:
    emails: set[str] = set()
    phones: set[str] = set()
    for source in get_subject_sources():
        if source.identifiers:
            found_emails, found_phones = import_string(source.identifiers)(customer_number)
            emails |= {e.lower() for e in found_emails}
            phones |= set(found_phones)
    return emails, phones


def _identity_update(request: SubjectRequest) -> None:
    """Mark the identity verified once what the request gave has been verified."""
    if request.identity_verified_at:
        return
    now = timezone.now()
    if request.customer_number and not request.customer_verified_at and request.email_verified_at:
        emails, _phones = _source_identifiers(request.customer_number)
        if request.email.lower() in emails:
            request.customer_verified_at = now
            request.verification = Verification.ONLINE_ACCESS_EMAIL
    if request.customer_number:
        verified = request.customer_verified_at is not None
    else:
        verified = request.email_verified_at is not None
        request.verification = request.verification or Verification.EMAIL
    if not verified:
        request.save()
        return
    request.identity_verified_at = now
    request.status = Status.VERIFIED
    request.save()
    step_record(request, Action.IDENTITY_CONFIRMED, detail=request.get_verification_display())


def postal_code_normalise(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def postal_address_for(customer_number: str, meter_number: str) -> list[str] | None:
    meter_number = "".join(meter_number.split())
    for source in get_subject_sources():
        if source.postal_address:
            address = import_string(source.postal_address)(customer_number.strip(), meter_number)
            if address:
                return address
    return None


@transaction.atomic
def postal_code_create(*, request: SubjectRequest, meter_number: str, actor) -> bytes | None:
    """For a customer without online access: if the meter belongs to the customer
    number, a letter with a code to the address on file (as PDF for printing)."""
    address = postal_address_for(request.customer_number, meter_number)
    if not request.customer_number or address is None:
        step_record(request, Action.POSTAL_CODE_REFUSED, actor=actor)
        return None
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    request.postal_code_hash = _hash(postal_code_normalise(code))
    request.postal_code_sent_at = timezone.now()
    request.postal_code_attempts = 0
    request.save(update_fields=["postal_code_hash", "postal_code_sent_at", "postal_code_attempts"])
    step_record(request, Action.POSTAL_CODE_SENT, actor=actor)
    return _letter_pdf(request=request, address=address, code=code)


def _letter_pdf(*, request: SubjectRequest, address: list[str], code: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override("de"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
        html = render_to_string(
            "privacy/requests/code_letter.html",
            {
                "request": request,
                "address": address,
                "code": code,
                "days": POSTAL_CODE_DAYS,
                "issuer": settings.UTILITY_NAME,
                "entry_url": _absolute(reverse("privacy_request_code")),
            },
        )
    no_network = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=no_network).write_pdf()


@transaction.atomic
def postal_code_confirm(*, reference: str, code: str) -> SubjectRequest | None:
    """The subject typed the code from the letter; a handful of tries per letter."""
    request = (
        SubjectRequest.objects.select_for_update()
        .filter(reference__iexact=reference.strip(), closed_at=None)
        .exclude(postal_code_hash="")
        .first()
    )
    if request is None:
        return None
    expired = request.postal_code_sent_at < timezone.now() - timedelta(days=POSTAL_CODE_DAYS)
    if expired or request.postal_code_attempts >= POSTAL_CODE_ATTEMPTS:
        return None
    if not hmac.compare_digest(request.postal_code_hash, _hash(postal_code_normalise(code))):
        SubjectRequest.objects.filter(pk=request.pk).update(
            postal_code_attempts=F("postal_code_attempts") + 1
        )
        return None
    request.customer_verified_at = timezone.now()
    request.verification = Verification.POST
    request.postal_code_hash = ""
    request.save()
    step_record(request, Action.POSTAL_CODE_CONFIRMED)
    _identity_update(request)
    return request


@transaction.atomic
def identity_confirm(*, request: SubjectRequest, actor, detail: str) -> None:
    """The DPO's staff confirmed who the subject is (e.g. an ID shown in person). The
    e-mail address still needs its link before anything is mailed to it."""
    now = timezone.now()
    if request.customer_number:
        request.customer_verified_at = request.customer_verified_at or now
    request.identity_verified_at = now
    request.verification = Verification.STAFF
    request.status = Status.VERIFIED
    request.save()
    step_record(request, Action.IDENTITY_CONFIRMED, actor=actor, detail=detail)


def verified_subject(request: SubjectRequest) -> Subject:
    """The identifiers records are searched by: what was verified, and what the
    apps have on file for a verified customer number."""
    if not request.identity_verified_at:
        raise NotVerified(request.reference)
    emails = {request.email.lower()} if request.email_verified_at and request.email else set()
    phones = (
        {request.phone} if request.verification == Verification.STAFF and request.phone else set()
    )
    customer_number = request.customer_number if request.customer_verified_at else ""
    if customer_number:
        found_emails, found_phones = _source_identifiers(customer_number)
        emails |= found_emails
        phones |= found_phones
    if request.verification == Verification.STAFF and request.email:
        emails.add(request.email.lower())
    return Subject(
        customer_number=customer_number, emails=tuple(sorted(emails)), phones=tuple(sorted(phones))
    )


# Deadline --------------------------------------------------------------------------


@transaction.atomic
def deadline_extend(*, request: SubjectRequest, reason: str, actor) -> None:
    """Art. 12(3): two more months, once, with the reason on record (and told to the
    subject, if their address is verified)."""
    if request.extended_due_on:
        raise ValueError("The deadline has already been extended.")
    request.extended_due_on = months_later(request.due_on, EXTENSION_MONTHS)
    request.extension_reason = reason.strip()[:300]
    request.save(update_fields=["extended_due_on", "extension_reason"])
    step_record(request, Action.EXTENDED, actor=actor, detail=request.extension_reason)
    _notify(request, "extended")


def requests_overdue(*, today: date | None = None):
    today = today or local_date(timezone.now())
    return subject_request_list_open().filter(
        Q(extended_due_on__lt=today) | Q(extended_due_on=None, due_on__lt=today)
    )


def is_overdue(request: SubjectRequest, *, today: date | None = None) -> bool:
    today = today or local_date(timezone.now())
    return request.is_open and request.deadline < today


# Answers ---------------------------------------------------------------------------


def _notify(request: SubjectRequest, template: str, **context) -> None:
    """A mail about the request, only ever to an address that was verified."""
    from privacy.tasks import subject_request_mail_task

    if request.email and request.email_verified_at:
        transaction.on_commit(
            lambda: subject_request_mail_task.enqueue(
                request_id=request.pk, template=template, context=context
            )
        )


#: Where the privacy policy renders every declared objection box (DESIGN's URLs).
POLICY_PATH = "/kontakt-hilfe/datenschutz/"


def objectable_by_a_click() -> list[str]:
    """Titles of the activities a visitor objects to in the browser (Art. 21 GDPR):
    anonymous ones, such as the analytics, where no record names the person."""
    return [str(activity.title) for activity in get_activities() if activity.objection]


def notification_deliver(*, request_id: int, template: str, context: dict) -> None:
    request = SubjectRequest.objects.filter(pk=request_id).first()
    if request is None or not request.email or not request.email_verified_at:
        return
    if request.kind == Kind.OBJECTION:
        context = {
            **context,
            "objectable": objectable_by_a_click(),
            "policy_url": _absolute(POLICY_PATH),
        }
    _mail(to=request.email, template=template, context={"request": request, **context})


def _open(request: SubjectRequest) -> SubjectRequest:
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise RequestClosed(request.reference)
    if not request.identity_verified_at:
        raise NotVerified(request.reference)
    return request


@transaction.atomic
def access_package_create(*, request: SubjectRequest, actor) -> AccessPackage:
    """Collect the copy from every activity and offer it: a single-use link to a
    verified address, or the PDF printed for post."""
    request = _open(request)
    now = timezone.now()
    copy = access_copy(verified_subject(request), reference=request.reference, now=now)
    pdf = access_copy_pdf(copy)
    package = AccessPackage.objects.create(
        request=request,
        created_at=now,
        expires_at=now + timedelta(days=ACCESS_PACKAGE_DAYS),
        archive=access_copy_archive(copy, pdf),
        pdf=pdf,
        record_count=copy.record_count,
    )
    step_record(
        request,
        Action.PACKAGE_CREATED,
        actor=actor,
        detail=translation.ngettext(
            "%(count)d Datensatz", "%(count)d Datensätze", copy.record_count
        )
        % {"count": copy.record_count},
    )
    request.status = Status.ANSWERED
    request.closed_at = now
    request.save(update_fields=["status", "closed_at"])
    step_record(request, Action.ANSWERED, actor=actor)
    if request.email and request.email_verified_at:
        from privacy.tasks import access_package_link_task

        transaction.on_commit(lambda: access_package_link_task.enqueue(package_id=package.pk))
        step_record(request, Action.PACKAGE_SENT, actor=actor)
    return package


def access_package_link_deliver(*, package_id: int) -> None:
    package = (
        AccessPackage.objects.select_related("request")
        .filter(pk=package_id, downloaded_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if package is None or not package.request.email_verified_at:
        return
    token = secrets.token_urlsafe(32)
    package.token_hash = _hash(token)
    package.save(update_fields=["token_hash"])
    _mail(
        to=package.request.email,
        template="access_ready",
        context={
            "request": package.request,
            "link": _absolute(reverse("privacy_access_download", args=[token])),
            "expires_at": package.expires_at,
        },
    )


def access_package_for_token(token: str) -> AccessPackage | None:
    if not token or len(token) > 100:
        return None
    return (
        AccessPackage.objects.select_related("request")
        .filter(token_hash=_hash(token), downloaded_at=None, expires_at__gt=timezone.now())
        .first()
    )


def access_package_for_user(user) -> AccessPackage | None:
    """The newest package a logged-in customer has not fetched yet."""
    return (
        AccessPackage.objects.select_related("request")
        .filter(request__user=user, downloaded_at=None, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def access_package_claim(package: AccessPackage) -> bytes | None:
    """Hand the archive out once: the first claim wins, any later one gets None."""
    claimed = AccessPackage.objects.filter(
        pk=package.pk, downloaded_at=None, expires_at__gt=timezone.now()
    ).update(downloaded_at=timezone.now(), token_hash="")
    if not claimed:
        return None
    step_record(package.request, Action.PACKAGE_DOWNLOADED)
    return bytes(AccessPackage.objects.values_list("archive", flat=True).get(pk=package.pk))


def access_package_printed(*, package: AccessPackage, actor) -> bytes:
    step_record(package.request, Action.PACKAGE_PRINTED, actor=actor)
    return bytes(package.pdf)


@transaction.atomic
def erasure_run(*, request: SubjectRequest, actor) -> ErasureResult:
    """Erase the subject's records in every activity, keep what must stay, and keep a
    report of counts and reasons, never of the erased data."""
    request = _open(request)
    result = subject_erase(
        verified_subject(request), remove_online_access=request.remove_online_access
    )
    now = timezone.now()
    request.erasure_report = result.as_report()
    request.status = Status.ANSWERED
    request.closed_at = now
    request.save(update_fields=["erasure_report", "status", "closed_at"])
    erased, kept = sum(result.erased.values()), sum(k.count for k in result.kept)
    step_record(request, Action.ERASED, actor=actor, detail=f"{erased} gelöscht, {kept} aufbewahrt")
    step_record(request, Action.ANSWERED, actor=actor)
    _notify(request, "erased", erased=erased, kept=request.erasure_report["kept"])
    return result


@transaction.atomic
def request_close(*, request: SubjectRequest, actor, note: str, rejected: bool = False) -> None:
    """Answer a request that needs a decision rather than a run (rectification,
    restriction, objection), or reject one, with a note of what was decided."""
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise RequestClosed(request.reference)
    if not rejected and not request.identity_verified_at:
        raise NotVerified(request.reference)
    request.status = Status.REJECTED if rejected else Status.ANSWERED
    request.closed_at = timezone.now()
    request.outcome_note = note.strip()[:500]
    request.save(update_fields=["status", "closed_at", "outcome_note"])
    if request.kind == Kind.OBJECTION and not rejected:
        step_record(request, Action.OBJECTION_RECORDED, actor=actor)
    step_record(request, Action.REJECTED if rejected else Action.ANSWERED, actor=actor)
    _notify(request, "rejected" if rejected else "answered")
