from django.http import HttpRequest

from inquiries.protection import TOKEN_FIELD, request_carries_genuine_token

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class FormTokenCsrfMiddleware:
    """Lets the public inquiry forms past Django's CSRF check without a cookie.

    Public forms must work with cookies blocked. Their signed form token, bound to
    the page it was issued for, plus the Origin / Sec-Fetch-Site checks take the
    place of the CSRF cookie; any other POST goes through Django's check as usual.
    Must come before django.middleware.csrf.CsrfViewMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and not request.path.startswith("/admin/")
            and TOKEN_FIELD in request.POST
            and request_carries_genuine_token(request)
        ):
            request.csrf_processing_done = True
        return None
