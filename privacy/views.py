from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from privacy import processing_record, subject_requests
from privacy.forms import PostalCodeForm
from privacy.selectors import purge_run_latest_by_activity

PERMISSION = "privacy.view_processing_record"


@permission_required(PERMISSION, raise_exception=True)
def processing_record_view(request):
    """The record of processing activities (Art. 30), for staff in the admin."""
    export = request.GET.get("format")
    if export in processing_record.FORMATS:
        content_types = {"json": "application/json", "csv": "text/csv", "md": "text/markdown"}
        response = HttpResponse(
            processing_record.FORMATS[export](),
            content_type=f"{content_types[export]}; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="verarbeitungsverzeichnis.{export}"'
        )
        return response
    return render(
        request,
        "privacy/processing_record.html",
        {
            "entries": processing_record.processing_record(),
            "latest_runs": purge_run_latest_by_activity(),
            "page_title": _("Verzeichnis der Verarbeitungstätigkeiten"),
            "formats": sorted(processing_record.FORMATS),
        },
    )


# The subject's own pages. Each is opened from a letter or a mail, often on a phone and
# without a session: the secret in the address (or the letter's code) is what protects
# them, not a CSRF cookie. A GET never changes anything, so a mail scanner that
# follows links confirms nothing and uses up no download.


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_confirm(request, token):
    subject_request = subject_requests.request_for_email_token(token)
    if subject_request is None:
        return render(request, "privacy/requests/link_invalid.html", status=404)
    if request.method == "POST":
        subject_requests.email_confirm(token=token)
        subject_request.refresh_from_db()
        return render(
            request, "privacy/requests/confirmed.html", {"subject_request": subject_request}
        )
    return render(request, "privacy/requests/confirm.html", {"subject_request": subject_request})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_code(request):
    form = PostalCodeForm(request.POST or None, initial={"reference": request.GET.get("az", "")})
    if request.method == "POST" and form.is_valid():
        confirmed = subject_requests.postal_code_confirm(
            reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
        )
        if confirmed is not None:
            return render(
                request, "privacy/requests/confirmed.html", {"subject_request": confirmed}
            )
        form.add_error(
            None,
            _(
                "Aktenzeichen und Code passen nicht zusammen, oder der Code ist abgelaufen. "
                "Bitte prüfen Sie Ihre Eingabe; nach fünf falschen Versuchen schicken wir "
                "Ihnen auf Wunsch einen neuen Brief."
            ),
        )
    return render(request, "privacy/requests/code.html", {"form": form})


def _archive_response(archive: bytes, reference: str) -> HttpResponse:
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="auskunft-{reference}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def access_download(request, token):
    package = subject_requests.access_package_for_token(token)
    if package is None:
        return render(request, "privacy/requests/link_invalid.html", status=404)
    if request.method == "POST":
        archive = subject_requests.access_package_claim(package)
        if archive is None:
            return render(request, "privacy/requests/link_invalid.html", status=404)
        return _archive_response(archive, package.request.reference)
    return render(request, "privacy/requests/download.html", {"package": package})
