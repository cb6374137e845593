from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import customer_required
from portal.forms import (
    ActivationCodeForm,
    ActivationLetterForceForm,
    ActivationLetterRequestForm,
    ActivationResendForm,
    OnlineAccessDeleteAdminForm,
    OnlineAccessDeleteForm,
    RegistrationForm,
    SubjectRequestForm,
)
from portal.models import Contract, Customer, OnlineAccess
from portal.selectors import (
    access_log_recent_for_customer,
    activation_letters_pending,
    contract_list_for_customer,
    invoice_list_for_customer,
    personal_data_for_customer,
    subject_request_list_for_user,
    user_session_list,
)
from portal.services import (
    SubjectRequestOpen,
    activation_code_redeem,
    activation_letter_force,
    activation_letters_print,
    online_access_delete,
    registration_submit,
    subject_request_file,
    user_session_end,
)
from portal.transactions.selectors import contract_get_with_reports_for_customer
from privacy.client_ip import client_ip
from privacy.models import SubjectRequest
from privacy.subject_requests import access_package_claim, access_package_for_user

LETTER_PERMISSION = "portal.print_activation_letters"
ACCESS_DELETE_PERMISSION = "portal.delete_online_accesses"


@require_http_methods(["GET", "POST"])
def registration(request):
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="signup")
        if limited:
            return limited
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration_submit(
            customer_number=data["customer_number"],
            name=data["name"],
            town=data["town"],
            email=data["email"],
            password=data["password1"],
            by_post=data["activation_by"] == "post",
        )
        return redirect("portal_registration_sent")
    return render(request, "portal/registration.html", {"form": form})


def registration_sent(request):
    return render(request, "portal/registration_sent.html")


@require_http_methods(["GET", "POST"])
def activation_resend(request):
    from portal.tasks import activation_resend_task

    form = ActivationResendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # allauth's cooldown between confirmation mails, counted per typed address,
        # known or not.
        limited = ratelimit.consume_or_429(
            request, action="confirm_email", key=form.cleaned_data["email"].lower()
        )
        if limited:
            return limited
        activation_resend_task.enqueue(email=form.cleaned_data["email"])
        return redirect("portal_activation_resend_sent")
    return render(request, "portal/activation_resend.html", {"form": form})


def activation_resend_sent(request):
    return render(request, "portal/activation_resend_sent.html")


@require_http_methods(["GET", "POST"])
def activation_letter_request(request):
    from portal.tasks import activation_letter_request_task

    form = ActivationLetterRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limited = ratelimit.consume_or_429(
            request, action="confirm_email", key="letter:" + form.cleaned_data["email"].lower()
        )
        if limited:
            return limited
        activation_letter_request_task.enqueue(email=form.cleaned_data["email"])
        return redirect("portal_activation_letter_request_sent")
    return render(request, "portal/activation_letter_request.html", {"form": form})


def activation_letter_request_sent(request):
    return render(request, "portal/activation_letter_request_sent.html")


def _code_attempts_key(request) -> str:
    return f"portal:activation-code-failures:{client_ip(request) or 'unknown'}"


@require_http_methods(["GET", "POST"])
def activation_code(request):
    """Entering the code from the letter; a GET only fills in the form (the QR code's link)."""
    limit = getattr(settings, "PORTAL_ACTIVATION_CODE_ATTEMPTS_PER_HOUR", 10)
    if request.method == "POST" and cache.get(_code_attempts_key(request), 0) >= limit:
        return render(request, "portal/activation_code_limited.html", status=429)
    if request.method == "POST":
        form = ActivationCodeForm(request.POST)
        if form.is_valid():
            if activation_code_redeem(code=form.cleaned_data["code"]):
                return render(request, "portal/activation_code_done.html")
            key = _code_attempts_key(request)
            cache.add(key, 0, timeout=3600)
            cache.incr(key)
            return render(request, "portal/activation_code_invalid.html")
    else:
        form = ActivationCodeForm(initial={"code": request.GET.get("code", "")[:30]})
    return render(request, "portal/activation_code.html", {"form": form})


@permission_required(LETTER_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def activation_letters_admin(request):
    """Staff: pending letters, printing them as one PDF, and forcing a letter."""
    force_form = ActivationLetterForceForm(
        request.POST if request.POST.get("action") == "force" else None
    )
    if request.method == "POST" and request.POST.get("action") == "print":
        printed = activation_letters_print(printed_by=request.user)
        if printed is None:
            messages.info(request, _("Es warten keine Briefe auf den Druck."))
            return redirect("portal_activation_letters_admin")
        batch, pdf = printed
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="aktivierungsbriefe-{batch.printed_at:%Y%m%d-%H%M}.pdf"'
        )
        return response
    if request.method == "POST" and force_form.is_valid():
        customer = Customer.objects.filter(
            customer_number=force_form.cleaned_data["customer_number"].strip()
        ).first()
        if customer is not None and activation_letter_force(customer=customer):
            messages.success(request, _("Der Brief ist für den nächsten Druck vorgemerkt."))
            return redirect("portal_activation_letters_admin")
        force_form.add_error(
            "customer_number",
            _("Zu dieser Kundennummer gibt es keinen Zugang, der auf Aktivierung wartet."),
        )
    return render(
        request,
        "portal/admin/activation_letters.html",
        {
            "letters": activation_letters_pending(),
            "force_form": force_form,
            "page_title": _("Aktivierungsbriefe"),
        },
    )


@customer_required("overview")
def overview(request, customer):
    contracts = contract_list_for_customer(customer=customer)
    bank_account = getattr(customer, "bank_account", None)
    return render(
        request,
        "portal/overview.html",
        {"customer": customer, "contracts": contracts, "bank_account": bank_account},
    )


@customer_required("contracts")
def contract_list(request, customer):
    contracts = contract_list_for_customer(customer=customer)
    return render(
        request, "portal/contract_list.html", {"customer": customer, "contracts": contracts}
    )


@customer_required("contract")
def contract_detail(request, customer, contract_number):
    try:
        contract = contract_get_with_reports_for_customer(
            customer=customer, contract_number=contract_number
        )
    except Contract.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "portal/contract_detail.html",
        {
            "customer": customer,
            "contract": contract,
            "invoices": contract.invoices.order_by("-issued_on"),
        },
    )


@customer_required("invoices")
def invoice_list(request, customer):
    invoices = invoice_list_for_customer(customer=customer)
    return render(request, "portal/invoice_list.html", {"customer": customer, "invoices": invoices})


@customer_required("access_log")
def access_log(request, customer):
    entries = access_log_recent_for_customer(customer=customer)
    return render(request, "portal/access_log.html", {"customer": customer, "entries": entries})


@customer_required("my_data")
def my_data(request, customer):
    return render(
        request,
        "portal/my_data.html",
        {
            "customer": customer,
            "held": personal_data_for_customer(customer=customer, email=request.user.email),
            "sessions": user_session_list(
                user=request.user, current_key=request.session.session_key
            ),
            "subject_requests": subject_request_list_for_user(user=request.user),
            "access_package": access_package_for_user(request.user),
            "request_form": SubjectRequestForm(),
        },
    )


def _request_named(subject_request: SubjectRequest) -> dict:
    return {
        "reference": subject_request.reference,
        "date": date_format(subject_request.deadline, "d.m.Y"),
    }


@customer_required("subject_request")
@require_http_methods(["POST"])
def subject_request_create(request, customer):
    """A button of "Ihre Rechte": a copy of one's data, or its erasure."""
    form = SubjectRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Diesen Antrag können Sie hier nicht stellen."))
        return redirect("portal_my_data")
    kind = form.cleaned_data["kind"]
    try:
        filed = subject_request_file(
            customer=customer,
            user=request.user,
            kind=kind,
            remove_online_access=form.cleaned_data["remove_online_access"],
        )
    except SubjectRequestOpen as already:
        messages.info(
            request,
            _(
                "Sie haben diesen Antrag bereits gestellt (Aktenzeichen %(reference)s). Wir "
                "bearbeiten ihn und antworten bis spätestens %(date)s; ein zweiter Antrag "
                "ist nicht nötig."
            )
            % _request_named(already.existing),
        )
        return redirect("portal_my_data")
    if kind == SubjectRequest.Kind.ACCESS:
        text = _(
            "Ihr Antrag auf eine Kopie Ihrer Daten ist eingegangen (Aktenzeichen "
            "%(reference)s). Sobald sie bereitliegt, können Sie sie hier herunterladen; "
            "spätestens bis %(date)s."
        )
    else:
        text = _(
            "Ihr Antrag auf Löschung Ihrer Daten ist eingegangen (Aktenzeichen "
            "%(reference)s). Wir antworten Ihnen bis spätestens %(date)s."
        )
    messages.success(request, text % _request_named(filed))
    return redirect(f"{reverse('portal_my_data')}#ihre-rechte")


@customer_required("access_package")
@require_http_methods(["POST"])
def access_package_download(request, customer):
    """The copy of one's data, once: the first click gets the archive."""
    package = access_package_for_user(request.user)
    archive = access_package_claim(package) if package is not None else None
    if archive is None:
        messages.info(
            request,
            _(
                "Diese Auskunft ist bereits heruntergeladen oder nicht mehr abrufbar. Sie "
                "können jederzeit eine neue Kopie Ihrer Daten anfordern."
            ),
        )
        return redirect(f"{reverse('portal_my_data')}#ihre-rechte")
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="auskunft-{package.request.reference}.zip"'
    )
    response["Cache-Control"] = "no-store, private"
    return response


@customer_required("session_end")
@require_http_methods(["POST"])
def session_end(request, customer):
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        session_id = 0
    if user_session_end(user=request.user, session_id=session_id):
        messages.success(request, _("Die Sitzung ist beendet."))
    else:
        messages.info(request, _("Diese Sitzung war bereits beendet."))
    return redirect("portal_my_data")


@customer_required("online_access_delete")
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def online_access_delete_self(request, customer):
    """The customer deletes their own access, after confirming who they are."""
    form = OnlineAccessDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A second tab or a double click may have deleted it a moment ago.
        access = OnlineAccess.objects.select_related("user", "customer").filter(user=request.user)
        access = access.first()
        logout(request)
        if access is not None:
            online_access_delete(access=access, request=request)
        return redirect("portal_online_access_deleted")
    return render(request, "portal/online_access_delete.html", {"customer": customer, "form": form})


def online_access_deleted(request):
    return render(request, "portal/online_access_deleted.html")


@permission_required(ACCESS_DELETE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def online_access_delete_admin(request):
    """Staff delete a customer's online access when the customer asked for it."""
    form = OnlineAccessDeleteAdminForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        access = (
            OnlineAccess.objects.select_related("user", "customer")
            .filter(customer__customer_number=form.cleaned_data["customer_number"].strip())
            .first()
        )
        if access is not None:
            online_access_delete(access=access, request=request, by_staff=True)
            messages.success(
                request,
                _("Der Online-Zugang zu Kundennummer %(number)s ist gelöscht.")
                % {"number": access.customer.customer_number},
            )
            return redirect("portal_online_access_delete_admin")
        form.add_error("customer_number", _("Zu dieser Kundennummer gibt es keinen Online-Zugang."))
    return render(
        request,
        "portal/admin/online_access_delete.html",
        {"form": form, "page_title": _("Online-Zugang löschen")},
    )
