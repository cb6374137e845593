"""Writes of the customer centre: registration, activation mails and the access log."""

import base64
import hashlib
import io
import logging
import secrets
from datetime import datetime, timedelta

import qrcode
import qrcode.image.svg
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import (
    AccessLogEntry,
    ActivationLetter,
    ActivationLetterBatch,
    Customer,
    CustomerRequest,
    OnlineAccess,
    PendingRegistration,
)
from portal.selectors import customer_matching, subject_request_open_for_user
from privacy.client_ip import client_ip
from privacy.models import SubjectRequest
from privacy.subject_requests import request_receive

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_send(*, template: str, to: str, context: dict) -> None:
    """Render a portal mail (subject line first, then the body) in German and send it."""
    with translation.override("de"):
        subject, body = render_to_string(f"portal/email/{template}.txt", context).split("\n", 1)
    EmailMessage(subject.strip(), body.strip() + "\n", to=[to]).send()


def registration_submit(
    *,
    customer_number: str,
    name: str,
    town: str,
    email: str,
    password: str,
    by_post: bool = False,
) -> PendingRegistration:
    """Store a registration for checking in the background, whether it matches or not.

    The page answers the same in every case and this request does the same work in
    every case: the master data is compared later, by registration_check.
    """
    from portal.tasks import registration_check_task

    pending = PendingRegistration.objects.create(
        customer_number=customer_number,
        name=name,
        town=town,
        email=email,
        password_hash=make_password(password),
        by_post=by_post,
    )
    transaction.on_commit(lambda: registration_check_task.enqueue(pending_id=pending.pk))
    return pending


def _activation_mail_send(email_address: EmailAddress) -> None:
    key = EmailConfirmationHMAC(email_address).key
    mail_send(
        template="activation",
        to=email_address.email,
        context={
            "link": _absolute(reverse("account_confirm_email", args=[key])),
            "days": 3,
        },
    )


def _unactivated_access_remove(customer: Customer) -> None:
    """A registration nobody activated yields to a new one (a mistyped address, say)."""
    access = OnlineAccess.objects.filter(customer=customer).select_related("user").first()
    if access and not EmailAddress.objects.filter(user=access.user, verified=True).exists():
        access.user.delete()
        # A printed code must not activate whoever registered after it was sent.
        ActivationLetter.objects.filter(customer=customer, used_at=None).exclude(
            code_hash=""
        ).update(expires_at=timezone.now())


@transaction.atomic
def registration_check(*, pending_id: int) -> None:
    """Compare a registration with the master data and act on it by mail.

    Matching and new: an account that can log in once the link in the activation mail
    was followed. Matching but the customer already has online access, or the address
    belongs to an account already: a note to the address on file. No match: nothing.
    """
    pending = PendingRegistration.objects.select_for_update().filter(pk=pending_id).first()
    if pending is None:
        return
    customer = customer_matching(
        customer_number=pending.customer_number, name=pending.name, town=pending.town
    )
    if customer is not None:
        _unactivated_access_remove(customer)
        existing = OnlineAccess.objects.filter(customer=customer).select_related("user").first()
        if existing is not None:
            mail_send(
                template="access_exists",
                to=existing.user.email,
                context={"reset_link": _absolute(reverse("account_reset_password"))},
            )
        elif EmailAddress.objects.filter(email__iexact=pending.email).exists():
            mail_send(
                template="email_taken",
                to=pending.email,
                context={"reset_link": _absolute(reverse("account_reset_password"))},
            )
        else:
            user = User.objects.create(
                username=f"kunde-{customer.customer_number}",
                email=pending.email,
                password=pending.password_hash,
            )
            OnlineAccess.objects.create(user=user, customer=customer)
            address = EmailAddress.objects.create(
                user=user, email=pending.email, primary=True, verified=False
            )
            if pending.by_post:
                activation_letter_queue(customer=customer)
            else:
                _activation_mail_send(address)
    pending.delete()


def activation_resend(*, email: str) -> None:
    """A new activation link for an account not yet activated; nothing otherwise."""
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=False)
        .exclude(user__online_access=None)
        .first()
    )
    if address is not None:
        _activation_mail_send(address)


def access_log_record(
    *, request, action: str, customer: Customer | None, detail: str = ""
) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        customer=customer,
        ip_address=client_ip(request) or None,
        action=action,
        detail=detail[:100],
    )


def _offline_request():
    """A request to the site's own address, for allauth's mail code run from a task."""
    from urllib.parse import urlsplit

    from django.test import RequestFactory

    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return RequestFactory().get("/", HTTP_HOST=base.netloc, secure=base.scheme == "https")


def password_reset_request(*, email: str) -> None:
    """allauth's password reset: the reset link to a known address, to an unknown one
    the note that there is no account with it."""
    from allauth.account.forms import default_token_generator
    from allauth.account.internal.flows.password_reset import request_password_reset
    from allauth.account.internal.userkit import filter_users_by_email
    from allauth.core import context

    request = _offline_request()
    users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
    with context.request_context(request):
        request_password_reset(request, email, users, default_token_generator)


def failed_login_record(*, email: str, ip_address: str, at: str) -> None:
    """Note a failed login in the log of the customer whose address it was, if any.

    Runs as a task, so a failed login with a known address does the same work in the
    request as one with an unknown address.
    """
    address = EmailAddress.objects.filter(email__iexact=email.strip()).first()
    customer = (
        Customer.objects.filter(online_access__user=address.user_id).first() if address else None
    )
    if customer is None:
        return
    entry = AccessLogEntry.objects.create(
        customer=customer,
        ip_address=ip_address or None,
        action=AccessLogEntry.Action.LOGIN_FAILED,
    )
    # auto_now_add ignores a given time; the attempt's own time is what the log shows.
    AccessLogEntry.objects.filter(pk=entry.pk).update(at=datetime.fromisoformat(at))


# Activation by post. Letters cost postage: a customer may ask for one per cooldown,
# and all customers together for a daily budget; staff may force one regardless.

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I that a reader confuses
CODE_LENGTH = 12
CODE_VALID_DAYS = 30


def letter_cooldown() -> timedelta:
    return timedelta(days=getattr(settings, "PORTAL_LETTER_COOLDOWN_DAYS", 7))


def letter_daily_budget() -> int:
    return getattr(settings, "PORTAL_LETTER_DAILY_BUDGET", 100)


def activation_code_normalise(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _code_hash(code: str) -> str:
    # The code has 60 bits of randomness, so a plain hash cannot be reversed by guessing.
    return hashlib.sha256(activation_code_normalise(code).encode()).hexdigest()


def activation_code_url(code: str) -> str:
    return _absolute(reverse("portal_activation_code")) + f"?code={code}"


def activation_letter_queue(*, customer: Customer, forced: bool = False) -> ActivationLetter | None:
    """Queue a letter for the next print run, within the cooldown and budget unless forced."""
    now = timezone.now()
    if not forced:
        recent = ActivationLetter.objects.filter(
            customer=customer, requested_at__gt=now - letter_cooldown()
        )
        today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        spent = ActivationLetter.objects.filter(requested_at__gte=today).count()
        if recent.exists() or spent >= letter_daily_budget():
            return None
    return ActivationLetter.objects.create(customer=customer)


def _unactivated_access_for_email(email: str) -> OnlineAccess | None:
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=False)
        .exclude(user__online_access=None)
        .select_related("user__online_access__customer")
        .first()
    )
    return address.user.online_access if address is not None else None


def activation_letter_request(*, email: str) -> None:
    """A new letter for an account not yet activated; nothing otherwise."""
    access = _unactivated_access_for_email(email)
    if access is not None:
        activation_letter_queue(customer=access.customer)


def activation_letter_force(*, customer: Customer) -> bool:
    """Staff send a letter to a customer whose registration is not activated yet."""
    access = OnlineAccess.objects.filter(customer=customer).select_related("user").first()
    if access is None or EmailAddress.objects.filter(user=access.user, verified=True).exists():
        return False
    activation_letter_queue(customer=customer, forced=True)
    return True


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def activation_letters_print(*, printed_by) -> tuple[ActivationLetterBatch, bytes] | None:
    """Give every pending letter a fresh code and render them as one PDF, one page each."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    letters = list(
        ActivationLetter.objects.select_for_update()
        .filter(batch=None, code_hash="")
        .select_related("customer")
    )
    if not letters:
        return None
    batch = ActivationLetterBatch.objects.create(printed_by=printed_by)
    now = timezone.now()
    pages = []
    for letter in letters:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
        letter.batch = batch
        letter.code_hash = _code_hash(code)
        letter.expires_at = now + timedelta(days=CODE_VALID_DAYS)
        letter.save(update_fields=["batch", "code_hash", "expires_at"])
        url = activation_code_url(code)
        pages.append(
            {
                "customer": letter.customer,
                "code": code,
                "url": url,
                "entry_url": _absolute(reverse("portal_activation_code")),
                "qr": _qr_data_uri(url),
                "expires_on": timezone.localdate(letter.expires_at),
            }
        )
    with translation.override("de"):
        html = render_to_string(
            "portal/activation_letters.html",
            {
                "pages": pages,
                "today": timezone.localdate(now),
                "return_address": settings.PORTAL_LETTER_RETURN_ADDRESS,
            },
        )
    # Everything the letter shows is inline; it never reaches out to the network.
    no_network = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    pdf = HTML(string=html, url_fetcher=no_network).write_pdf()
    return batch, pdf


def activation_code_redeem(*, code: str) -> bool:
    """Activate the account a valid, unused, unexpired code belongs to."""
    normalised = activation_code_normalise(code)
    if len(normalised) != CODE_LENGTH:
        return False
    with transaction.atomic():
        letter = (
            ActivationLetter.objects.select_for_update()
            .filter(code_hash=_code_hash(normalised), used_at=None, expires_at__gt=timezone.now())
            .first()
        )
        if letter is None:
            return False
        access = OnlineAccess.objects.filter(customer=letter.customer_id).first()
        if access is None:
            return False
        letter.used_at = timezone.now()
        letter.save(update_fields=["used_at"])
        EmailAddress.objects.filter(user=access.user_id).update(verified=True)
    return True


# The customer's own sessions and the end of the online access.


def user_session_end(*, user, session_id: int) -> bool:
    """End one of the user's sessions (never anyone else's); False if there is none."""
    from allauth.usersessions.models import UserSession

    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        return False
    session.end()
    return True


def online_access_delete(*, access: OnlineAccess, request, by_staff: bool = False) -> None:
    """Delete a customer's online access: the login and everything only it needed.

    Goes: the user account, its e-mail addresses and their confirmations, second
    factors, sessions, unused activation letters, open registrations for the address,
    and the requests already handed to the billing system (kept only for the customer
    to look at). Stays: the billing master data, which the portal only mirrors;
    requests not yet handed over, which are the customer's orders; and the access log,
    which keeps its 90 days so a misuse of the access (a deletion by someone who got
    hold of it, say) can still be traced. The customer may register again at once.
    A confirmation goes to the login address.
    """
    from allauth.usersessions.models import UserSession

    from portal.tasks import online_access_deleted_mail_task

    customer, user = access.customer, access.user
    email = user.email
    with transaction.atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        PendingRegistration.objects.filter(email__in=[email, *addresses]).delete()
        ActivationLetter.objects.filter(customer=customer, used_at=None).delete()
        CustomerRequest.objects.filter(customer=customer, transferred_at__isnull=False).delete()
        user.delete()
        if by_staff:
            # The staff member's address is not the customer's: it stays out of their log.
            AccessLogEntry.objects.create(
                customer=customer, action=AccessLogEntry.Action.ACCESS_DELETED, detail="staff"
            )
        else:
            access_log_record(
                request=request, action=AccessLogEntry.Action.ACCESS_DELETED, customer=customer
            )
        if email:
            transaction.on_commit(lambda: online_access_deleted_mail_task.enqueue(email=email))


class SubjectRequestOpen(Exception):
    """The customer already has an open request of this kind; a second one would only
    make the DPO answer the same question twice."""

    def __init__(self, existing: SubjectRequest):
        super().__init__(existing.reference)
        self.existing = existing


@transaction.atomic
def subject_request_file(
    *, customer: Customer, user: User, kind: str, remove_online_access: bool = False
) -> SubjectRequest:
    """A request from the customer centre: verified by the login, tied to the user."""
    # Locking the user serialises a double click, so the check below sees the first.
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = subject_request_open_for_user(user=user, kind=kind)
    if existing is not None:
        raise SubjectRequestOpen(existing)
    return request_receive(
        kind=kind,
        channel=SubjectRequest.Channel.CUSTOMER_CENTRE,
        name=customer.full_name,
        user=user,
        customer_number_of_user=customer.customer_number,
        remove_online_access=remove_online_access,
    )
