"""The OpenAPI 3.1 description of the billing API; tests check the document and that
real responses conform to it."""

from portal.models import CustomerRequest, Meter
from portal.transactions.consumption import Verdict
from portal.transactions.handover import CLAIM_LIMIT_MAX

NULLABLE_STRING = {"type": ["string", "null"]}
DECIMAL = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}


def _object(properties: dict, **extra) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Problem": _object({"detail": {"type": "string"}}),
    "Address": _object(
        {
            "street": {"type": "string"},
            "postal_code": {"type": "string"},
            "town": {"type": "string"},
        }
    ),
    "Reading": _object(
        {
            "meter_number": {"type": "string"},
            "contract_number": {"type": "string"},
            "read_on": {"type": "string", "format": "date"},
            "value": DECIMAL,
            "unit": {"enum": list(Meter.Unit.values)},
            "plausibility": {
                "enum": [verdict.value for verdict in Verdict],
                "description": "The portal's check against the billed history.",
            },
            "confirmed_by_customer": {
                "type": "boolean",
                "description": "The customer confirmed a reading the check found unusual.",
            },
            "photo": {"type": "boolean", "description": "A photo of the meter comes along."},
        }
    ),
    "InstalmentChange": _object(
        {
            "contract_number": {"type": "string"},
            "amount": DECIMAL,
            "valid_from": {"type": "string", "format": "date"},
            "previous_amount": {"type": ["string", "null"], "pattern": r"^\d+(\.\d+)?$"},
            "allowed_range": {"type": "array", "items": DECIMAL, "minItems": 2, "maxItems": 2},
        }
    ),
    "BankDetailsChange": _object(
        {
            "account_holder": {"type": "string"},
            "iban": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"},
            "bic": {"type": "string", "description": "Empty when unknown."},
            "mandate_text_version": {"type": "string"},
            "mandate_accepted_at": {"type": "string", "format": "date-time"},
        }
    ),
    "Move": _object(
        {
            "contract_numbers": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "moving_out_on": {"type": "string", "format": "date"},
            "old_address": _ref("Address"),
            "new_address": _ref("Address"),
            "final_readings": {"type": "array", "items": _ref("Reading")},
        }
    ),
    "ContactChange": _object(
        {
            "phone": {**NULLABLE_STRING, "description": "E.164, e.g. +493511234567."},
            "correspondence": {
                "enum": ["email", "post", None],
                "description": "How letters and invoices are to be sent; null: unchanged.",
            },
            "correspondence_email": NULLABLE_STRING,
            "letter_address": {"oneOf": [_ref("Address"), {"type": "null"}]},
        }
    ),
    "Photo": _object(
        {
            "meter_number": {"type": "string"},
            "content_type": {"const": "image/jpeg"},
            "data_base64": {"type": "string", "contentEncoding": "base64"},
        }
    ),
}
DATA_SCHEMAS = {
    CustomerRequest.Kind.METER_READING: "Reading",
    CustomerRequest.Kind.INSTALMENT: "InstalmentChange",
    CustomerRequest.Kind.BANK_DETAILS: "BankDetailsChange",
    CustomerRequest.Kind.MOVE: "Move",
    CustomerRequest.Kind.CONTACT: "ContactChange",
}
SCHEMAS["Request"] = {
    "description": "A request as the customer sent it; its id stays the same when a "
    "request is handed over again after an unconfirmed claim.",
    "oneOf": [
        _object(
            {
                "id": {"type": "integer"},
                "kind": {"const": kind.value},
                "customer_number": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "data": _ref(schema),
                "photos": {"type": "array", "items": _ref("Photo")},
            }
        )
        for kind, schema in DATA_SCHEMAS.items()
    ],
}
SCHEMAS["Claim"] = _object(
    {
        "claim": {
            **NULLABLE_STRING,
            "description": "Token to confirm the claim with; null when nothing was open.",
        },
        "lease_expires_at": {"type": ["string", "null"], "format": "date-time"},
        "requests": {"type": "array", "items": _ref("Request")},
    }
)
SCHEMAS["Confirmation"] = _object(
    {"transferred": {"type": "integer", "minimum": 0, "description": "Requests now marked."}}
)


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Problem")}},
    }


ERRORS = {
    "401": _problem_response("Missing or wrong bearer token."),
    "503": _problem_response("No token is configured: the API is closed."),
}


def openapi_document(*, server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Stadtwerk-Portal: requests for the billing system",
            "version": "1.0.0",
            "description": (
                "Claim open customer requests, store them, then confirm the claim. An "
                "unconfirmed claim expires after its lease and its requests are handed "
                "over again."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}],
        "paths": {
            "/auftraege/abholen/": {
                "post": {
                    "operationId": "requestsClaim",
                    "summary": "Claim open requests for a lease",
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": CLAIM_LIMIT_MAX,
                                "default": CLAIM_LIMIT_MAX,
                            },
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The claimed requests (possibly none).",
                            "content": {"application/json": {"schema": _ref("Claim")}},
                        },
                        "400": _problem_response("limit out of range."),
                        **ERRORS,
                    },
                }
            },
            "/auftraege/abholen/{claim}/bestaetigen/": {
                "post": {
                    "operationId": "claimConfirm",
                    "summary": "Confirm a claim: its requests are marked transferred",
                    "parameters": [
                        {
                            "name": "claim",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "How many requests were marked; 0 on a repeat.",
                            "content": {"application/json": {"schema": _ref("Confirmation")}},
                        },
                        "404": _problem_response(
                            "Unknown claim, or one whose lease ran out and whose requests "
                            "have been claimed again."
                        ),
                        "409": _problem_response(
                            "The lease has run out; nothing was marked. Claim again."
                        ),
                        **ERRORS,
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token in PORTAL_BILLING_API_TOKEN.",
                }
            },
        },
    }
