from allauth.core import ratelimit
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.access import customer_required
from portal.forms import ActivationResendForm, RegistrationForm
from portal.models import Contract
from portal.selectors import (
    access_log_recent_for_customer,
    contract_get_for_customer,
    contract_list_for_customer,
    invoice_list_for_customer,
)
from portal.services import registration_submit


@require_http_methods(["GET", "POST"])
def registration(request):
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="signup")
        if limited:
            return limited
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration_submit(
            customer_number=data["customer_number"],
            name=data["name"],
            town=data["town"],
            email=data["email"],
            password=data["password1"],
        )
        return redirect("portal_registration_sent")
    return render(request, "portal/registration.html", {"form": form})


def registration_sent(request):
    return render(request, "portal/registration_sent.html")


@require_http_methods(["GET", "POST"])
def activation_resend(request):
    from portal.tasks import activation_resend_task

    form = ActivationResendForm(request.POST or None)
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
        contract = contract_get_for_customer(customer=customer, contract_number=contract_number)
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
