from django.conf import settings
from django.utils.csp import CSP


class AdminStylePolicyMiddleware:
    """Lets the Wagtail admin apply inline styles, which its editor widgets need.

    Scripts stay as strict as on the public site, and inline styles cannot reach
    another host: img-src, font-src and connect-src stay 'self'.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_policy = {
            **settings.SECURE_CSP,
            "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        }

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = self.admin_policy
        return response
