from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from privacy import processing_record
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
