from django import template

from traffic.analytics import OPT_OUT_COOKIE, OPT_OUT_COOKIE_MAX_AGE, objection_by_cookie

register = template.Library()


@register.inclusion_tag("traffic/analytics_objection.html", takes_context=True)
def analytics_objection(context) -> dict:
    """The objection box of the privacy page. Pages with the opt-out cookie never come
    from the page cache, so the box shows the visitor's own state."""
    request = context.get("request")
    return {
        "objected": bool(request) and objection_by_cookie(request),
        "next": request.get_full_path() if request else "/",
        "cookie_name": OPT_OUT_COOKIE,
        "cookie_years": OPT_OUT_COOKIE_MAX_AGE // (60 * 60 * 24 * 365),
    }
