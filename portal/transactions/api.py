"""The billing system's JSON API: claim open requests, confirm a claim, and the OpenAPI
document describing both. Authenticated by a bearer token from the environment, hence
exempt from CSRF; without a configured token the API is closed."""

import hmac

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from portal.transactions.handover import (
    CLAIM_LIMIT_MAX,
    ClaimExpired,
    ClaimUnknown,
    claim_confirm,
    requests_claim,
)
from portal.transactions.openapi import openapi_document


def _problem(status: int, detail: str, **headers) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _denied(request) -> JsonResponse | None:
    """The error response for a request without the right token, else None."""
    expected = settings.PORTAL_BILLING_API_TOKEN
    if not expected:
        return _problem(503, "The billing API is not configured.")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        return _problem(401, "A valid bearer token is required.", **{"WWW-Authenticate": "Bearer"})
    return None


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def claim(request):
    denied = _denied(request)
    if denied:
        return denied
    try:
        limit = int(request.GET.get("limit", CLAIM_LIMIT_MAX))
    except ValueError:
        limit = 0
    if not 1 <= limit <= CLAIM_LIMIT_MAX:
        return _problem(400, f"limit must be a whole number from 1 to {CLAIM_LIMIT_MAX}.")
    claimed = requests_claim(now=timezone.now(), limit=limit)
    return _no_store(
        JsonResponse(
            {
                "claim": claimed.token,
                "lease_expires_at": (
                    claimed.lease_expires_at.isoformat() if claimed.lease_expires_at else None
                ),
                "requests": claimed.requests,
            }
        )
    )


@csrf_exempt
@require_POST
def confirm(request, token):
    denied = _denied(request)
    if denied:
        return denied
    try:
        transferred = claim_confirm(token=token, now=timezone.now())
    except ClaimUnknown:
        return _problem(
            404,
            "Unknown claim. Its lease may have run out and its requests been claimed "
            "again; claim anew.",
        )
    except ClaimExpired:
        return _problem(409, "The lease of this claim has run out; nothing was marked. Claim anew.")
    return _no_store(JsonResponse({"transferred": transferred}))


@require_GET
def openapi(request):
    return JsonResponse(
        openapi_document(server=request.build_absolute_uri("/kundencenter/api/v1")),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
