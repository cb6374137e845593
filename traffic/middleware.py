"""Access log and usage analytics for every request this application answers.

Both sit above the page cache (check traffic.E001), so pages answered from the cache
are logged and counted like any other.
"""

import logging

from django.http import HttpRequest

from privacy.client_ip import client_ip
from traffic import analytics, conf
from traffic.access_log import combined_line, local_now, writer
from traffic.user_agents import agent_is_bot

logger = logging.getLogger(__name__)


class AccessLogMiddleware:
    """Writes one combined-format line per request (unless nginx writes the log)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if conf.access_log_write():
            at = local_now()
            line = combined_line(request=request, response=response, ip=client_ip(request), at=at)
            writer.write(directory=conf.access_log_dir(), at=at, line=line)
        return response


class AnalyticsMiddleware:
    """Records the page views of visitors who have not objected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if (
            analytics.is_page_view(request, response)
            and not analytics.visitor_objects(request)
            and not agent_is_bot(request.META.get("HTTP_USER_AGENT", ""))
        ):
            try:
                analytics.page_view_record(request=request, ip=client_ip(request))
            except Exception:  # statistics must never cost a visitor the page
                logger.exception("usage analytics: page view not recorded")
        return response
