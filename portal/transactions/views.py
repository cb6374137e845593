"""Pages of the business transactions: parse the form, call one service, show the receipt."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import customer_required
from portal.models import Contract, CustomerRequest, Meter, RequestPhoto
from portal.selectors import contract_get_for_customer, contract_list_for_customer
from portal.transactions import forms, services
from portal.transactions.consumption import (
    HIGH_READING_FACTOR,
    INSTALMENT_LOWER_FACTOR,
    INSTALMENT_UPPER_FACTOR,
    instalment_bounds,
    last_reading,
)
from portal.transactions.mandate import MANDATE_TEXT_VERSION, mandate_text
from portal.transactions.selectors import (
    contracts_at_supply_address,
    meter_get_for_customer,
    meter_list_for_customer,
    photo_get_for_customer,
    request_get_for_customer,
    request_list_for_customer,
    request_summary,
)


def _posted(request):
    """The submitted data, even when empty: a form sent with nothing filled in is bound
    and gets its errors, not shown again as if it were new."""
    return request.POST if request.method == "POST" else None


def _uploaded(request):
    return request.FILES if request.method == "POST" else None


def _receipt(request, submitted: CustomerRequest):
    messages.success(request, _("Vielen Dank, Ihr Auftrag ist bei uns eingegangen."))
    return redirect("portal_request", pk=submitted.pk)


def _submitted(request, form, submit):
    """The receipt if ``submit()`` stores the request; else None, with the service's
    objections (implausible readings, say) put on the form."""
    try:
        submitted = submit()
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return _receipt(request, submitted)


def _contract_or_404(customer, contract_number: str) -> Contract:
    try:
        return contract_get_for_customer(customer=customer, contract_number=contract_number)
    except Contract.DoesNotExist:
        raise Http404 from None


@customer_required("meter_reading_choice")
def meter_reading_choice(request, customer):
    meters = meter_list_for_customer(customer=customer)
    return render(
        request, "portal/transactions/meter_choice.html", {"customer": customer, "meters": meters}
    )


@customer_required("meter_reading")
@require_http_methods(["GET", "POST"])
def meter_reading(request, customer, meter_number):
    try:
        meter = meter_get_for_customer(customer=customer, meter_number=meter_number)
    except Meter.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    form = forms.MeterReadingForm(
        _posted(request),
        _uploaded(request),
        meter=meter,
        initial={"read_on": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _submitted(
            request,
            form,
            partial(
                services.meter_reading_submit,
                customer=customer,
                meter=meter,
                value=data["value"],
                read_on=data["read_on"],
                today=today,
                confirmed=data["confirm"],
                photo=data["photo"],
            ),
        )
        if done:
            return done
    return render(
        request,
        "portal/transactions/meter_reading.html",
        {
            "customer": customer,
            "meter": meter,
            "last": last_reading(meter),
            "form": form,
            "high_factor": HIGH_READING_FACTOR,
        },
    )


@customer_required("instalment_choice")
def instalment_choice(request, customer):
    contracts = contract_list_for_customer(customer=customer)
    return render(
        request,
        "portal/transactions/instalment_choice.html",
        {"customer": customer, "contracts": contracts},
    )


@customer_required("instalment")
@require_http_methods(["GET", "POST"])
def instalment(request, customer, contract_number):
    contract = _contract_or_404(customer, contract_number)
    today = timezone.localdate()
    bounds = instalment_bounds(contract=contract, today=today)
    form = forms.InstalmentForm(_posted(request))
    if request.method == "POST" and bounds is not None and form.is_valid():
        done = _submitted(
            request,
            form,
            partial(
                services.instalment_change_submit,
                customer=customer,
                contract=contract,
                amount=form.cleaned_data["amount"],
                today=today,
            ),
        )
        if done:
            return done
    return render(
        request,
        "portal/transactions/instalment.html",
        {
            "customer": customer,
            "contract": contract,
            "bounds": bounds,
            "form": form,
            "lower_percent": int(INSTALMENT_LOWER_FACTOR * 100),
            "upper_percent": int(INSTALMENT_UPPER_FACTOR * 100),
        },
    )


@customer_required("bank_details")
@require_http_methods(["GET", "POST"])
def bank_details(request, customer):
    form = forms.BankDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = services.bank_details_change_submit(
            customer=customer,
            account_holder=data["account_holder"],
            iban=data["iban"],
            bic=form.bic,
            accepted_at=timezone.now(),
        )
        return _receipt(request, submitted)
    return render(
        request,
        "portal/transactions/bank_details.html",
        {
            "customer": customer,
            "form": form,
            "bank_account": getattr(customer, "bank_account", None),
            "mandate_text": mandate_text(),
            "mandate_version": MANDATE_TEXT_VERSION,
        },
    )


@customer_required("move_choice")
def move_choice(request, customer):
    addresses = {}
    for contract in contract_list_for_customer(customer=customer).filter(end_date=None):
        key = (contract.supply_street, contract.supply_postal_code, contract.supply_town)
        addresses.setdefault(key, contract)
    return render(
        request,
        "portal/transactions/move_choice.html",
        {"customer": customer, "contracts": list(addresses.values())},
    )


@customer_required("move")
@require_http_methods(["GET", "POST"])
def move(request, customer, contract_number):
    contract = _contract_or_404(customer, contract_number)
    contracts = contracts_at_supply_address(customer=customer, contract=contract)
    if not contracts:
        raise Http404
    meters = [
        meter
        for each in contracts
        for point in each.meter_points.all()
        for meter in point.meters.all()
    ]
    form = forms.MoveForm(_posted(request), _uploaded(request), meters=meters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        readings = [
            services.ReadingInput(
                meter=meter,
                value=data[f"reading_{meter.pk}"],
                confirmed=data[f"confirm_{meter.pk}"],
                photo=data[f"photo_{meter.pk}"],
                value_field=f"reading_{meter.pk}",
            )
            for meter in meters
        ]
        done = _submitted(
            request,
            form,
            partial(
                services.move_submit,
                customer=customer,
                contracts=contracts,
                moving_out_on=data["moving_out_on"],
                new_address={
                    "street": data["new_street"],
                    "postal_code": data["new_postal_code"],
                    "town": data["new_town"],
                },
                readings=readings,
                today=timezone.localdate(),
            ),
        )
        if done:
            return done
    return render(
        request,
        "portal/transactions/move.html",
        {"customer": customer, "contract": contract, "contracts": contracts, "form": form},
    )


@customer_required("contact_data")
@require_http_methods(["GET", "POST"])
def contact_data(request, customer):
    form = forms.ContactForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        submitted = services.contact_change_submit(
            customer=customer,
            phone=form.cleaned_data["phone"],
            correspondence_email=form.cleaned_data["correspondence_email"],
            letter_address=form.letter_address,
            correspondence=form.cleaned_data["correspondence"],
        )
        return _receipt(request, submitted)
    return render(
        request, "portal/transactions/contact_data.html", {"customer": customer, "form": form}
    )


@customer_required("requests")
def request_list(request, customer):
    requests = [
        (each, request_summary(each)) for each in request_list_for_customer(customer=customer)
    ]
    return render(
        request,
        "portal/transactions/request_list.html",
        {"customer": customer, "requests": requests},
    )


@customer_required("request")
def request_detail(request, customer, pk):
    try:
        submitted = request_get_for_customer(customer=customer, pk=pk)
    except CustomerRequest.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "portal/transactions/request_detail.html",
        {"customer": customer, "submitted": submitted, "summary": request_summary(submitted)},
    )


@customer_required("request_photo")
def request_photo(request, customer, pk, photo_pk):
    try:
        photo = photo_get_for_customer(customer=customer, request_pk=pk, photo_pk=photo_pk)
    except RequestPhoto.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(photo.image), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="zaehler-{photo.meter_number}.jpg"'
    return response
