from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import customer_required
from privacy.client_ip import client_ip
from sms import conf
from sms.abuse_export import EXPORT_PERMISSION, abuse_log_export
from sms.encoding import GSM7, UCS2, max_units, sms_length
from sms.forms import AbuseLogExportForm, SmsForm
from sms.models import AbuseLogExport
from sms.selectors import (
    sms_left_today,
    sms_list_for_customer,
    sms_recent_days_statistics,
    sms_waiting_count,
)
from sms.services import SmsRefused, sms_send


@customer_required("sms")
def sms_page(request, customer):
    checking = "check" in request.POST
    if request.method == "POST" and checking:
        # "Länge prüfen" counts the text without JavaScript and sends nothing.
        form = SmsForm(initial={key: request.POST.get(key, "") for key in ("recipient", "text")})
    else:
        form = SmsForm(request.POST or None)
    if request.method == "POST" and not checking and form.is_valid():
        try:
            sms_send(
                customer=customer,
                recipient=form.cleaned_data["recipient"],
                text=form.cleaned_data["text"],
                ip_address=client_ip(request),
            )
        except SmsRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Ihre SMS wird versendet."))
            return redirect("sms_page")
    max_parts = conf.max_parts()
    return render(
        request,
        "sms/sms_page.html",
        {
            "customer": customer,
            "form": form,
            "length": sms_length(request.POST.get("text", "")),
            "max_parts": max_parts,
            "max_gsm": max_units(GSM7, max_parts),
            "max_ucs": max_units(UCS2, max_parts),
            "quota": conf.daily_quota(),
            "left_today": sms_left_today(customer=customer),
            "recent": sms_list_for_customer(customer=customer),
            "list_days": conf.message_list_days(),
        },
    )


@permission_required(EXPORT_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def abuse_log_export_admin(request):
    """Staff with the dedicated permission export one customer's entries for a period."""
    form = AbuseLogExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exported = abuse_log_export(exported_by=request.user, **form.cleaned_data)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
    return render(
        request,
        "sms/admin/abuse_log_export.html",
        {
            "page_title": _("SMS-Missbrauchsprotokoll exportieren"),
            "form": form,
            "exports": AbuseLogExport.objects.all()[:20],
        },
    )


STATISTICS_PERMISSION = "sms.view_smsdailycount"


@permission_required(STATISTICS_PERMISSION, raise_exception=True)
def statistics_admin(request):
    """Staff see the daily budget and what the fraud limits refused."""
    return render(
        request,
        "sms/admin/statistics.html",
        {
            "page_title": _("Kostenloser SMS-Service: Tagesübersicht"),
            "days": sms_recent_days_statistics(),
            "waiting": sms_waiting_count(),
        },
    )
