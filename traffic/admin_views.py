from functools import wraps

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from traffic import charts
from traffic.analytics import OPT_OUT_COOKIE
from traffic.csv_export import statistics_csv
from traffic.forms import MAX_DAYS, DateRangeForm
from traffic.selectors import statistics_for
from traffic.services import VISIT_GAP

PERMISSION = "traffic.view_statistics"


def statistics_permission_required(view):
    """A plain 403 page for staff without the permission (Wagtail would turn a raised
    PermissionDenied into a redirect to the dashboard, hiding why)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return render(
                request,
                "traffic/admin/forbidden.html",
                {"page_title": _("Zugriffsstatistik")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return checked


def _render(request, form: DateRangeForm, *, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "page_title": _("Zugriffsstatistik"),
        "opt_out_cookie": OPT_OUT_COOKIE,
        "visit_gap_minutes": int(VISIT_GAP.total_seconds() // 60),
        "max_days": MAX_DAYS,
    }
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        statistics = statistics_for(start=start, end=end, own_host=request.get_host().split(":")[0])
        context.update(
            start=start,
            end=end,
            statistics=statistics,
            views_chart=charts.column_chart(statistics.days),
            ranked=[
                (key, title, unit, items, charts.bar_chart(items))
                for key, title, unit, items in (
                    ("pages", _("Meistbesuchte Seiten"), _("Seitenaufrufe"), statistics.pages),
                    (
                        "paths",
                        _("Häufigste Wege von Seite zu Seite"),
                        _("Übergänge"),
                        statistics.paths,
                    ),
                    ("statuses", _("Statuscodes"), _("Zugriffe"), statistics.statuses),
                    ("browsers", _("Browser"), _("Seitenaufrufe"), statistics.browsers),
                    ("systems", _("Betriebssysteme"), _("Seitenaufrufe"), statistics.systems),
                    ("devices", _("Gerätetypen"), _("Seitenaufrufe"), statistics.devices),
                    (
                        "referrers",
                        _("Verweisende Domains"),
                        _("Seitenaufrufe"),
                        statistics.referrers,
                    ),
                )
            ],
        )
    return render(request, "traffic/admin/dashboard.html", context, status=status)


@statistics_permission_required
def statistics_dashboard(request):
    """Charts and tables of the anonymous statistics, for a range of days."""
    return _render(request, DateRangeForm(request.GET))


@statistics_permission_required
def statistics_download(request):
    """The aggregates of the range as CSV; a bad range shows the page with its error."""
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return _render(request, form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(
        statistics_csv(start=start, end=end), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="zugriffsstatistik-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    return response
