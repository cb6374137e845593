"""The public forms. Each renders inside its website page; the page's serve() calls
inquiry_page(request, page) with a page whose form_kind names the form."""

from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from inquiries import services
from inquiries.forms import FORMS, InquiryForm
from inquiries.models import Kind
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

RECEIVED_PARAMETER = "vorgang"
RECEIVED_SALT = "inquiries.received"
TEMPLATE = "inquiries/inquiry_page.html"


def _reissue(form: InquiryForm, request) -> dict:
    issued = token_issue(path=request.path)
    form.protection_renew(token=issued.token, question=issued.question)
    return {"altcha_challenge": issued.challenge}


def _received_reference(request) -> str | None:
    signed = request.GET.get(RECEIVED_PARAMETER, "")
    if not signed:
        return None
    try:
        return signing.loads(signed, salt=RECEIVED_SALT, max_age=3600)
    except signing.BadSignature:
        return None


def _submit(request, form: InquiryForm) -> tuple[object, int]:
    """Validate and store; returns (inquiry or None, status code)."""
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
    inquiry = services.inquiry_submit(
        kind=form.kind,
        data=form.inquiry_data(),
        wants_confirmation=bool(form.cleaned_data.get("wants_confirmation")),
    )
    return inquiry, 200


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
    """GET shows the page's form, POST stores the inquiry and shows its reference."""
    form_class = FORMS[page.form_kind]
    if request.method == "POST":
        form = form_class(request.POST)
        try:
            inquiry, status = _submit(request, form)
        except services.NoResponsibleUnit:
            return _render(request, page, {"available": False})
        if inquiry is None:
            return _render(request, page, {"form": form}, status=status)
        signed = signing.dumps(inquiry.reference, salt=RECEIVED_SALT)
        return HttpResponseRedirect(f"{request.path}?{RECEIVED_PARAMETER}={signed}")
    if not form_available(kind=page.form_kind):
        return _render(request, page, {"available": False})
    reference = _received_reference(request)
    if reference:
        return _render(request, page, {"reference": reference})
    return _render(request, page, {"form": form_class()})
