"""Handing requests to the billing system, so that none is lost and none is handed
over twice.

A consumer first claims open requests: they are locked for a lease under a random
claim token and returned. Only when the consumer confirms the claim, after storing
what it got, are they marked transferred. A consumer that dies in between loses
nothing: the lease runs out and the next claim returns the same requests again (with
the same ids, so the billing system can tell). Two consumers claiming at once get
disjoint sets: each claim locks its rows (SKIP LOCKED on PostgreSQL; SQLite's single
writer serialises the claims).
"""

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from portal.models import CustomerRequest

CLAIM_LIMIT_MAX = 500


def request_serialized(request: CustomerRequest) -> dict:
    """One request as the billing system receives it (see docs/billing-requests.md)."""
    return {
        "id": request.pk,
        "kind": request.kind,
        "customer_number": request.customer.customer_number,
        "created_at": request.created_at.isoformat(),
        "data": request.payload,
        "photos": [
            {
                "meter_number": photo.meter_number,
                "content_type": photo.content_type,
                "data_base64": base64.b64encode(bytes(photo.image)).decode("ascii"),
            }
            for photo in request.photos.all()
        ],
    }


@dataclass(frozen=True)
class Claim:
    token: str | None
    lease_expires_at: datetime | None
    requests: list[dict]


def _claimable(now: datetime):
    return CustomerRequest.objects.filter(transferred_at=None).filter(
        Q(claimed_until=None) | Q(claimed_until__lt=now)
    )


def requests_claim(*, now: datetime, limit: int = CLAIM_LIMIT_MAX) -> Claim:
    """Claim up to `limit` open requests for a lease; nothing claimable is an empty claim."""
    lease = timedelta(minutes=settings.PORTAL_BILLING_CLAIM_LEASE_MINUTES)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        locked = (
            _claimable(now).order_by("pk").select_for_update(skip_locked=True).values_list("pk")
        )
        pks = [pk for (pk,) in locked[:limit]]
        if not pks:
            return Claim(token=None, lease_expires_at=None, requests=[])
        _claimable(now).filter(pk__in=pks).update(claim_token=token, claimed_until=now + lease)
        claimed = (
            CustomerRequest.objects.filter(claim_token=token)
            .select_related("customer")
            .prefetch_related("photos")
            .order_by("pk")
        )
        return Claim(
            token=token,
            lease_expires_at=now + lease,
            requests=[request_serialized(request) for request in claimed],
        )


def claim_release(*, token: str) -> int:
    """Give up a claim before its lease ends, e.g. when its requests could not be
    stored: they are open for the next claim at once."""
    if not token:
        return 0
    return CustomerRequest.objects.filter(claim_token=token, transferred_at=None).update(
        claim_token="", claimed_until=None
    )


class ClaimUnknown(Exception):
    """No request carries this claim token: it never existed, or its lease ran out and
    its requests have been claimed again since (they now belong to the newer claim)."""


class ClaimExpired(Exception):
    """The claim's lease has run out: its requests may be handed over again, so the
    consumer must claim anew instead of confirming what it got."""


def claim_confirm(*, token: str, now: datetime) -> int:
    """Mark the requests of a claim transferred and return how many were marked; a
    repeated confirmation marks nothing and returns 0.

    A claim must be confirmed within its lease: after that its requests may already be
    on their way to another consumer."""
    if not token:
        raise ClaimUnknown
    with transaction.atomic():
        claimed = CustomerRequest.objects.select_for_update().filter(claim_token=token)
        if not claimed.exists():
            raise ClaimUnknown
        still_open = claimed.filter(transferred_at=None)
        if still_open.filter(claimed_until__lt=now).exists():
            raise ClaimExpired
        return still_open.update(transferred_at=now, claimed_until=None)
