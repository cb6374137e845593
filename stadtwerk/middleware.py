"""Request hygiene that no single app owns."""

from django.http import Http404


class NulBytePathMiddleware:
    """No address of ours contains a NUL byte, and PostgreSQL refuses one in any text:
    such a path is not found here instead of failing deep inside a view's query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)
