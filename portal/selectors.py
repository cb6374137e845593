"""Reads for the customer centre: everything a customer sees is looked up through here,
always starting from the customer, so no query can reach another customer's rows."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import ua_parser
from allauth.account.models import EmailAddress
from django.db.models import Prefetch, QuerySet

from portal.models import (
    AccessLogEntry,
    Contract,
    Customer,
    Instalment,
    Invoice,
    Meter,
    MeterReading,
    OnlineAccess,
)
from privacy.models import SubjectRequest

_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ß", "ss"))


def text_normalized(text: str) -> str:
    """The form in which names and towns are compared: case, spacing, accents and the
    ways of writing umlauts (Müller, Mueller, Muller; Weiß, Weiss) make no difference."""
    folded = " ".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for spelling, canonical in _UMLAUT_SPELLINGS:
        plain = plain.replace(spelling, canonical)
    return plain


def customer_matching(*, customer_number: str, name: str, town: str) -> Customer | None:
    """The customer whose number, name and town are these, or None.

    The name matches the surname alone or first name and surname together.
    """
    customer = Customer.objects.filter(customer_number=customer_number.strip()).first()
    if customer is None:
        return None
    names = {text_normalized(customer.last_name), text_normalized(customer.full_name)}
    if text_normalized(name) in names and text_normalized(town) == text_normalized(customer.town):
        return customer
    return None


def customer_for_user(user) -> Customer | None:
    if not user.is_authenticated:
        return None
    return Customer.objects.filter(online_access__user=user).first()


def subject_request_list_for_user(*, user) -> QuerySet[SubjectRequest]:
    """The data-subject requests the user made while logged in, newest first."""
    return SubjectRequest.objects.filter(user=user).order_by("-received_at", "-pk")


def subject_request_open_for_user(*, user, kind: str) -> SubjectRequest | None:
    return SubjectRequest.objects.filter(user=user, kind=kind, closed_at=None).first()


def contract_list_for_customer(*, customer: Customer) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(customer=customer)
        .select_related("tariff")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("-valid_from")),
            Prefetch(
                "meter_points__meters",
                queryset=Meter.objects.prefetch_related(
                    Prefetch("readings", queryset=MeterReading.objects.order_by("-read_on"))
                ),
            ),
        )
    )


def contract_get_for_customer(*, customer: Customer, contract_number: str) -> Contract:
    """The customer's contract; Contract.DoesNotExist for anyone else's."""
    return contract_list_for_customer(customer=customer).get(contract_number=contract_number)


def invoice_list_for_customer(*, customer: Customer) -> QuerySet[Invoice]:
    return Invoice.objects.filter(contract__customer=customer).select_related("contract")


def access_log_recent_for_customer(*, customer: Customer, limit: int = 50) -> QuerySet:
    return AccessLogEntry.objects.filter(customer=customer)[:limit]


def activation_letters_pending():
    from portal.models import ActivationLetter

    return ActivationLetter.objects.filter(batch=None, code_hash="").select_related("customer")


def personal_data_for_customer(*, customer: Customer, email: str) -> list:
    """Every kind of data held about the customer, found by customer number and by the
    login address, each with when it goes (privacy.subjects.HeldData)."""
    from privacy.subjects import Subject, subject_data_overview

    return subject_data_overview(Subject(customer_number=customer.customer_number, emails=(email,)))


@dataclass(frozen=True)
class SessionShown:
    id: int
    browser: str
    system: str
    ip: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def user_session_list(*, user, current_key: str | None) -> list[SessionShown]:
    """The user's live sessions, oldest first; ended ones are purged on the way."""
    from allauth.usersessions.models import UserSession

    shown = []
    for session in sorted(UserSession.objects.purge_and_list(user), key=lambda s: s.created_at):
        agent = ua_parser.parse(session.user_agent)
        shown.append(
            SessionShown(
                id=session.pk,
                browser=" ".join(
                    part
                    for part in (
                        agent.user_agent.family if agent.user_agent else "",
                        agent.user_agent.major if agent.user_agent else "",
                    )
                    if part
                ),
                system=agent.os.family if agent.os else "",
                ip=session.ip,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
                current=session.session_key == current_key,
            )
        )
    return shown


def customer_identifiers(customer_number: str) -> tuple[list[str], list[str]]:
    """The e-mail addresses of the customer's online access, for a data-subject request
    that has verified the customer number (privacy.registry.subject_source)."""
    access = (
        OnlineAccess.objects.filter(customer__customer_number=customer_number)
        .select_related("user")
        .first()
    )
    if access is None:
        return [], []
    emails = {access.user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=access.user).values_list("email", flat=True)
    }
    return sorted(e for e in emails if e), []


def customer_postal_address(customer_number: str, meter_number: str) -> list[str] | None:
    """The customer's postal address on file, if the meter is one of theirs: what a
    data-subject request of someone without online access is verified by."""
    customer = Customer.objects.filter(
        customer_number=customer_number,
        contracts__meter_points__meters__number=meter_number,
    ).first()
    if customer is None:
        return None
    return [customer.full_name, customer.street, f"{customer.postal_code} {customer.town}"]
