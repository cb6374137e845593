from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from traffic.analytics import OPT_OUT_COOKIE, OPT_OUT_COOKIE_MAX_AGE, objection_by_cookie

ACTIONS = ("object", "withdraw")


def _cross_site(request: HttpRequest) -> bool:
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site and site not in ("same-origin", "none"):
        return True
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and origin != f"{request.scheme}://{request.get_host()}"


def analytics_objection_box(request: HttpRequest | None) -> str:
    """The objection box of the privacy page. Pages with the opt-out cookie never come
    from the page cache, so the box shows the visitor's own state."""
    context = {
        "objected": bool(request) and objection_by_cookie(request),
        "next": request.get_full_path() if request else "/",
        "cookie_name": OPT_OUT_COOKIE,
        "cookie_years": OPT_OUT_COOKIE_MAX_AGE // (60 * 60 * 24 * 365),
    }
    return render_to_string("traffic/analytics_objection.html", context, request=request)


# The form works without cookies (the public pages are served without a CSRF cookie);
# Sec-Fetch-Site and Origin keep another site from withdrawing an objection. Opened
# directly (a bookmark, a link in a mail), the address shows the same box as the
# privacy page.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def analytics_objection(request: HttpRequest):
    if request.method == "GET":
        return render(
            request,
            "traffic/objection_page.html",
            {"objection_box": analytics_objection_box(request)},
        )
    action = request.POST.get("action")
    if action not in ACTIONS or _cross_site(request):
        return HttpResponseBadRequest(_("Ungültige Anfrage."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target + "#widerspruch-nutzungsanalyse", status=303)
    if action == "object":
        response.set_cookie(
            OPT_OUT_COOKIE,
            "1",
            max_age=OPT_OUT_COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(OPT_OUT_COOKIE, samesite="Lax")
    return response
