"""Writes of the customer centre: registration, activation mails and the access log."""

import logging

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.models import AccessLogEntry, Customer, OnlineAccess, PendingRegistration
from portal.selectors import customer_matching
from privacy.client_ip import client_ip

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_send(*, template: str, to: str, context: dict) -> None:
    """Render a portal mail (subject line first, then the body) in German and send it."""
    with translation.override("de"):
        subject, body = render_to_string(f"portal/email/{template}.txt", context).split("\n", 1)
    EmailMessage(subject.strip(), body.strip() + "\n", to=[to]).send()


def registration_submit(
    *, customer_number: str, name: str, town: str, email: str, password: str
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
