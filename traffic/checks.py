from django.conf import settings
from django.core.checks import Error, Tags, register

from traffic import conf

PAGE_CACHE = "website.page_cache.PageCacheMiddleware"
OURS = ("traffic.middleware.AccessLogMiddleware", "traffic.middleware.AnalyticsMiddleware")


@register(Tags.compatibility)
def check_traffic_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    middleware = list(settings.MIDDLEWARE)
    if PAGE_CACHE in middleware:
        cache_at = middleware.index(PAGE_CACHE)
        below = [name for name in OURS if name in middleware[cache_at:]]
        if below:
            errors.append(
                Error(
                    f"Pages answered by the page cache would not be seen by {', '.join(below)}.",
                    hint=f"Put them above {PAGE_CACHE} in MIDDLEWARE.",
                    id="traffic.E001",
                )
            )
    if not 1 <= conf.access_log_days() <= conf.MAX_ACCESS_LOG_DAYS:
        errors.append(
            Error(
                "TRAFFIC_ACCESS_LOG_DAYS must be between 1 and "
                f"{conf.MAX_ACCESS_LOG_DAYS}; the privacy policy promises at most 90 days.",
                hint="Lower TRAFFIC_ACCESS_LOG_DAYS.",
                id="traffic.E002",
            )
        )
    truncate = conf.truncate_ip_days()
    if truncate < 0 or (truncate and truncate >= conf.access_log_days()):
        errors.append(
            Error(
                "TRAFFIC_TRUNCATE_IP_DAYS must be 0 (off) or shorter than TRAFFIC_ACCESS_LOG_DAYS.",
                hint="Set it to 0 or to fewer days than the logs are kept.",
                id="traffic.E003",
            )
        )
    return errors
