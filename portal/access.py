"""Who may see a customer centre page: a logged-in customer, for a limited idle time."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from portal.models import AccessLogEntry, Customer
from portal.selectors import customer_for_user
from portal.services import access_log_record

#: A session without a customer centre request for this long ends.
IDLE_SECONDS = 30 * 60


def _customer_enter(request, page: str) -> Customer:
    """The logged-in customer, with the access logged and the idle timer renewed."""
    customer = customer_for_user(request.user)
    if customer is None:
        raise Http404
    request.session.set_expiry(IDLE_SECONDS)
    access_log_record(
        request=request, action=AccessLogEntry.Action.VIEW, customer=customer, detail=page
    )
    return customer


def customer_required(page: str):
    """Pass the logged-in customer to the view, log the data access, renew the idle timer."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            return view(request, _customer_enter(request, page), *args, **kwargs)

        return wrapper

    return decorate


def customer_page(page: str):
    """For allauth's own account pages (e-mail, second factor): the same login, idle
    timer and access log as customer_required, and the customer in the template's
    context for the customer centre's navigation. The view keeps its own signature."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            customer = _customer_enter(request, page)
            response = view(request, *args, **kwargs)
            if getattr(response, "context_data", None) is not None:
                response.context_data["customer"] = customer
            return response

        return wrapper

    return decorate
