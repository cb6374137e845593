"""The public forms. Each renders inside its website page; the page's serve() calls
inquiry_page(request, page) with a page whose form_kind names the form."""

from datetime import date

from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from inquiries import conf, services
from inquiries.forms import FORMS, InquiryForm
from inquiries.models import Inquiry, Kind
from inquiries.opening_hours import open_days_ahead, opening_hours_week
from inquiries.protection import (
    TokenProblem,
    human_check_passes,
    rate_limit_exceeded,
    token_check,
    token_consume,
    token_issue,
)
from inquiries.selectors import form_available
from privacy.models import SubjectRequest

RECEIVED_PARAMETER = "vorgang"
RECEIVED_SALT = "inquiries.received"
TEMPLATE = "inquiries/inquiry_page.html"


def _reissue(form: InquiryForm, request) -> dict:
    issued = token_issue(path=request.path)
    form.protection_renew(token=issued.token, question=issued.question)
    return {"altcha_challenge": issued.challenge}


def _received_context(request) -> dict | None:
    """What the thank-you page shows: the reference, and for a data-subject request
    the date by which we answer. Signed, so nobody shows another's number here."""
    signed = request.GET.get(RECEIVED_PARAMETER, "")
    if not signed:
        return None
    try:
        received = signing.loads(signed, salt=RECEIVED_SALT, max_age=3600)
    except signing.BadSignature:
        return None
    if isinstance(received, str):
        return {"reference": received}
    if isinstance(received, dict) and {"r", "d"} <= received.keys():
        return {"reference": received["r"], "due_on": date.fromisoformat(received["d"])}
    return None


def _received_signed(received: Inquiry | SubjectRequest) -> str:
    if isinstance(received, SubjectRequest):
        return signing.dumps(
            {"r": received.reference, "d": received.due_on.isoformat()}, salt=RECEIVED_SALT
        )
    return signing.dumps(received.reference, salt=RECEIVED_SALT)


def _submit(request, form: InquiryForm) -> tuple[Inquiry | SubjectRequest | None, int]:
    """Validate and store; returns (inquiry, data-subject request or None, status code).
    Both paths pass the same token, question, rate limit and single use."""
    try:
        token = token_check(request)
    except TokenProblem:
        token = None
    valid = form.is_valid()
    if token is None:
        form.add_error(
            None,
            _(
                "Das Formular war zu lange geöffnet oder wurde nicht von dieser Seite "
                "gesendet. Ihre Eingaben sind erhalten; bitte senden Sie es erneut."
            ),
        )
        return None, 400
    if not valid:
        return None, 200
    if not human_check_passes(request, token, form.cleaned_data.get("human_check", "")):
        form.add_error(
            "human_check",
            _("Bitte beantworten Sie die Sicherheitsfrage mit der richtigen Zahl."),
        )
        return None, 200
    if rate_limit_exceeded(request):
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Nachrichten. Bitte "
                "versuchen Sie es in einigen Minuten erneut oder rufen Sie uns an."
            ),
        )
        return None, 429
    if not token_consume(token):
        form.add_error(
            None,
            _("Dieses Formular wurde bereits abgesendet. Ihre Nachricht ist bei uns eingegangen."),
        )
        return None, 409
    right = form.subject_right()
    if right is None:
        inquiry = services.inquiry_submit(
            kind=form.kind,
            data=form.inquiry_data(),
            wants_confirmation=bool(form.cleaned_data.get("wants_confirmation")),
        )
        return inquiry, 200
    try:
        return services.subject_request_submit(kind=right, data=form.inquiry_data()), 200
    except services.MailBudgetExhausted:
        form.add_error(
            "email",
            _(
                "An diese Adresse können wir gerade keinen Bestätigungslink senden: zum "
                "Schutz vor Missbrauch geht höchstens eine E-Mail je %(minutes)d Minuten "
                "hinaus. Bitte senden Sie das Formular später erneut oder schreiben Sie uns "
                "einen Brief. Ihre Eingaben sind erhalten."
            )
            % {"minutes": conf.mail_cooldown_seconds() // 60},
        )
        return None, 429


def _render(request, page, context: dict, status: int = 200) -> TemplateResponse:
    kind = page.form_kind
    full = page.get_context(request)
    full.update({"kind": kind, "is_callback": kind == Kind.CALLBACK, "available": True})
    full.update(context)
    form = context.get("form")
    if form is not None:
        full.update(_reissue(form, request))
        form.describe_fields()
        if kind == Kind.CALLBACK:
            full["opening_week"] = opening_hours_week()
            full["open_days"] = open_days_ahead(days=14)
    return TemplateResponse(request, TEMPLATE, full, status=status)


@never_cache
def inquiry_page(request, page):
    """GET shows the page's form, POST stores the inquiry (or, on the DPO's form, the
    data-subject request) and shows its reference."""
    form_class = FORMS[page.form_kind]
    if request.method == "POST":
        form = form_class(request.POST)
        try:
            received, status = _submit(request, form)
        except services.NoResponsibleUnit:
            return _render(request, page, {"available": False})
        if received is None:
            return _render(request, page, {"form": form}, status=status)
        signed = _received_signed(received)
        return HttpResponseRedirect(f"{request.path}?{RECEIVED_PARAMETER}={signed}")
    if not form_available(kind=page.form_kind):
        return _render(request, page, {"available": False})
    received = _received_context(request)
    if received:
        return _render(request, page, received)
    return _render(request, page, {"form": form_class()})
