"""The data-protection officer's desk in the Wagtail admin: open data-subject requests
with their deadlines, the state of retention, and each request worked through in
steps. A view parses a form and calls one service of privacy.subject_requests; which
steps a request offers follows from its state (request_steps_available)."""

from datetime import datetime, timedelta
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from privacy import selectors, subject_requests
from privacy.audit import audit_findings
from privacy.desk_forms import (
    CloseForm,
    DeadlineExtendForm,
    IdentityConfirmForm,
    MeterNumberForm,
    RejectForm,
    RequestEntryForm,
)
from privacy.models import SubjectRequest
from privacy.registry import get_activities
from privacy.subject_requests import NotVerified, RequestClosed, local_date

PERMISSION = "privacy.handle_subject_requests"
HOLDS_ENDING_DAYS = 30
CLOSED_RECENTLY_DAYS = 90

Kind = SubjectRequest.Kind
DECIDED_KINDS = (Kind.RECTIFICATION, Kind.RESTRICTION, Kind.OBJECTION)


def desk_permission_required(view):
    """A plain 403 page for staff without the DPO's permission (Wagtail would turn a
    raised PermissionDenied into a redirect to the dashboard, hiding why)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return render(
                request,
                "privacy/desk/forbidden.html",
                {"page_title": _("Anträge betroffener Personen")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return checked


def _activity_titles() -> dict[str, str]:
    return {activity.key: str(activity.title) for activity in get_activities()}


@desk_permission_required
def desk_overview(request):
    now = timezone.now()
    today = local_date(now)
    titles = _activity_titles()
    latest_runs = selectors.purge_run_latest_by_activity()
    findings = audit_findings(now=now)
    return render(
        request,
        "privacy/desk/overview.html",
        {
            "page_title": _("Anträge betroffener Personen"),
            "open_requests": [
                (subject_request, subject_requests.is_overdue(subject_request, today=today))
                for subject_request in selectors.subject_request_list_open()
            ],
            "latest_runs": [
                (titles.get(key, key), latest_runs[key]) for key in sorted(latest_runs)
            ],
            "holds": selectors.hold_list_ending(now=now, days=HOLDS_ENDING_DAYS),
            "holds_days": HOLDS_ENDING_DAYS,
            "audit_passed": not findings,
            "audit_findings": findings,
            "closed_count": selectors.subject_request_closed_count(
                since=now - timedelta(days=CLOSED_RECENTLY_DAYS)
            ),
            "closed_days": CLOSED_RECENTLY_DAYS,
        },
    )


@desk_permission_required
@require_http_methods(["GET", "POST"])
def desk_request_new(request):
    form = RequestEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject_request = subject_requests.request_receive(
            kind=data["kind"],
            channel=data["channel"],
            name=data["name"],
            email=data["email"],
            customer_number=data["customer_number"],
            phone=data["phone"],
            description=data["description"],
            remove_online_access=data["remove_online_access"],
            actor=request.user,
            received_at=form.received_at(),
        )
        messages.success(
            request,
            _("Antrag %(reference)s angelegt; Frist bis %(deadline)s.")
            % {
                "reference": subject_request.reference,
                "deadline": formats.date_format(subject_request.deadline, "SHORT_DATE_FORMAT"),
            },
        )
        return redirect("privacy_desk_request", subject_request.pk)
    return render(
        request,
        "privacy/desk/request_new.html",
        {"page_title": _("Antrag erfassen"), "form": form},
        status=400 if form.is_bound else 200,
    )


# Request detail --------------------------------------------------------------------


def request_steps_available(subject_request: SubjectRequest) -> set[str]:
    """The steps the desk offers for a request in its present state."""
    if not subject_request.is_open:
        return {"print"} if subject_request.kind == Kind.ACCESS else set()
    verified = subject_request.identity_verified_at is not None
    steps = {"reject"}
    if subject_request.email and not subject_request.email_verified_at:
        steps.add("email_link")
    if not verified:
        steps.add("identity")
        if subject_request.customer_number and not subject_request.customer_verified_at:
            steps.add("postal_code")
    if not subject_request.extended_due_on:
        steps.add("extend")
    if verified and subject_request.kind == Kind.ACCESS:
        steps.add("access")
    if verified and subject_request.kind == Kind.ERASURE:
        steps.add("erase")
    if verified and subject_request.kind in DECIDED_KINDS:
        steps.add("close")
    return steps


def _identifiers(subject_request: SubjectRequest):
    if not subject_request.identity_verified_at:
        return None
    try:
        return subject_requests.verified_subject(subject_request)
    except ValueError:  # verified, yet nothing it could be searched by
        return None


def _erasure_report(subject_request: SubjectRequest, titles: dict[str, str]) -> dict | None:
    report = subject_request.erasure_report or {}
    if not report:
        return None
    kept = []
    for item in report.get("kept", []):
        until = item.get("until")
        kept.append(
            {
                "title": titles.get(item.get("activity"), item.get("activity")),
                "count": item.get("count", 0),
                "reason": item.get("reason", ""),
                "until": datetime.fromisoformat(until) if until else None,
            }
        )
    erased = [
        (titles.get(key, key), count) for key, count in sorted(report.get("erased", {}).items())
    ]
    return {"erased": erased, "kept": kept}


STEP_FORMS = {
    "postal_code": MeterNumberForm,
    "identity": IdentityConfirmForm,
    "extend": DeadlineExtendForm,
    "close": CloseForm,
    "reject": RejectForm,
}


def _step_form(step: str, data=None):
    # Several steps ask for a "note" on one page: their ids must still be unique.
    return STEP_FORMS[step](data, auto_id=f"id_{step}_%s")


def _detail(request, subject_request: SubjectRequest, *, status: int = 200, **bound_forms):
    steps = request_steps_available(subject_request)
    context = {
        "page_title": subject_request.reference,
        "subject_request": subject_request,
        "overdue": subject_requests.is_overdue(subject_request),
        "steps": subject_request.steps.select_related("actor"),
        "available": steps,
        "identifiers": _identifiers(subject_request),
        "packages": subject_request.packages.defer("archive", "pdf").order_by("-created_at"),
        "erasure_report": _erasure_report(subject_request, _activity_titles()),
    }
    for name in STEP_FORMS:
        context[f"{name}_form"] = bound_forms.get(name) or (
            _step_form(name) if name in steps else None
        )
    return render(request, "privacy/desk/request_detail.html", context, status=status)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


REFUSALS = {
    "extend": gettext_lazy(
        "Die Frist wurde bereits einmal verlängert; ein zweites Mal ist nicht möglich."
    ),
    "email_link": gettext_lazy(
        "Ein Bestätigungslink geht nur an eine angegebene, noch nicht bestätigte E-Mail-Adresse."
    ),
    "postal_code": gettext_lazy(
        "Ein Brief mit Code ist nur für eine noch nicht bestätigte Kundennummer möglich."
    ),
}


@desk_permission_required
@require_http_methods(["GET", "POST"])
def desk_request(request, pk: int):
    subject_request = get_object_or_404(SubjectRequest, pk=pk)
    if request.method != "POST":
        return _detail(request, subject_request)
    step = request.POST.get("action", "")
    if step not in STEPS:
        messages.error(request, _("Unbekannter Bearbeitungsschritt."))
        return redirect("privacy_desk_request", pk)
    if step not in request_steps_available(subject_request):
        if not subject_request.is_open:
            messages.error(request, _("Der Antrag ist bereits abgeschlossen."))
        else:
            messages.error(
                request,
                str(
                    REFUSALS.get(
                        step, _("Dieser Schritt ist beim jetzigen Stand des Antrags nicht möglich.")
                    )
                ),
            )
        return redirect("privacy_desk_request", pk)
    try:
        return STEPS[step](request, subject_request)
    except NotVerified:
        messages.error(
            request,
            _(
                "Die Identität der Person ist noch nicht bestätigt; vorher wird nichts "
                "herausgegeben, gelöscht oder entschieden."
            ),
        )
    except RequestClosed:
        messages.error(request, _("Der Antrag ist bereits abgeschlossen."))
    return redirect("privacy_desk_request", pk)


def _done(request, subject_request: SubjectRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("privacy_desk_request", subject_request.pk)


def _step_email_link(request, subject_request):
    subject_requests.email_link_send(request=subject_request, actor=request.user)
    return _done(
        request,
        subject_request,
        _("Der Bestätigungslink geht an %(email)s.") % {"email": subject_request.email},
    )


def _step_postal_code(request, subject_request):
    form = _step_form("postal_code", request.POST)
    if form.is_valid():
        pdf = subject_requests.postal_code_create(
            request=subject_request,
            meter_number=form.cleaned_data["meter_number"],
            actor=request.user,
        )
        if pdf is not None:
            return _pdf_response(pdf, f"code-brief-{subject_request.reference}.pdf")
        form.add_error(
            "meter_number",
            _(
                "Diese Zählernummer gehört nicht zur Kundennummer %(customer_number)s. Es wurde "
                "kein Brief erstellt; bitte die Angaben mit der Person klären."
            )
            % {"customer_number": subject_request.customer_number},
        )
    return _detail(request, subject_request, status=400, postal_code=form)


def _step_identity(request, subject_request):
    form = _step_form("identity", request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, status=400, identity=form)
    subject_requests.identity_confirm(
        request=subject_request, actor=request.user, detail=form.cleaned_data["note"]
    )
    return _done(request, subject_request, _("Die Identität ist bestätigt."))


def _step_extend(request, subject_request):
    form = _step_form("extend", request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, status=400, extend=form)
    try:
        subject_requests.deadline_extend(
            request=subject_request, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValueError:  # extended a moment ago, in another tab
        messages.error(request, str(REFUSALS["extend"]))
        return redirect("privacy_desk_request", subject_request.pk)
    return _done(
        request,
        subject_request,
        _("Die Frist ist bis %(deadline)s verlängert.")
        % {"deadline": formats.date_format(subject_request.deadline, "SHORT_DATE_FORMAT")},
    )


NOTHING_TO_SEARCH = gettext_lazy(
    "Für diesen Antrag ist keine bestätigte Kennung (E-Mail-Adresse, Kundennummer oder "
    "Telefonnummer) vorhanden, nach der gesucht werden könnte."
)


def _step_access(request, subject_request):
    try:
        package = subject_requests.access_package_create(
            request=subject_request, actor=request.user
        )
    except ValueError:
        messages.error(request, str(NOTHING_TO_SEARCH))
        return redirect("privacy_desk_request", subject_request.pk)
    found = ngettext(
        "Auskunft zusammengestellt: %(count)d Datensatz.",
        "Auskunft zusammengestellt: %(count)d Datensätze.",
        package.record_count,
    ) % {"count": package.record_count}
    if subject_request.email and subject_request.email_verified_at:
        found += " " + _("Der Link zum Herunterladen geht an die bestätigte E-Mail-Adresse.")
    else:
        found += " " + _("Bitte das PDF für den Postversand drucken.")
    return _done(request, subject_request, found)


def _step_print(request, subject_request):
    package_id = request.POST.get("package", "")
    package = (
        subject_request.packages.filter(pk=int(package_id)).first()
        if package_id.isdigit() and len(package_id) < 12
        else None
    )
    if package is None:
        messages.error(request, _("Diese Auskunft gibt es nicht (mehr)."))
        return redirect("privacy_desk_request", subject_request.pk)
    pdf = subject_requests.access_package_printed(package=package, actor=request.user)
    return _pdf_response(pdf, f"auskunft-{subject_request.reference}.pdf")


def _step_erase(request, subject_request):
    try:
        result = subject_requests.erasure_run(request=subject_request, actor=request.user)
    except ValueError:
        messages.error(request, str(NOTHING_TO_SEARCH))
        return redirect("privacy_desk_request", subject_request.pk)
    return _done(
        request,
        subject_request,
        _("Löschung ausgeführt: %(erased)d gelöscht, %(kept)d aufbewahrt.")
        % {
            "erased": sum(result.erased.values()),
            "kept": sum(kept.count for kept in result.kept),
        },
    )


def _step_close(request, subject_request):
    form = _step_form("close", request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, status=400, close=form)
    subject_requests.request_close(
        request=subject_request, actor=request.user, note=form.cleaned_data["note"]
    )
    return _done(request, subject_request, _("Der Antrag ist beantwortet und abgeschlossen."))


def _step_reject(request, subject_request):
    form = _step_form("reject", request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, status=400, reject=form)
    subject_requests.request_close(
        request=subject_request, actor=request.user, note=form.cleaned_data["note"], rejected=True
    )
    return _done(request, subject_request, _("Der Antrag ist abgelehnt und abgeschlossen."))


STEPS = {
    "email_link": _step_email_link,
    "postal_code": _step_postal_code,
    "identity": _step_identity,
    "extend": _step_extend,
    "access": _step_access,
    "print": _step_print,
    "erase": _step_erase,
    "close": _step_close,
    "reject": _step_reject,
}
