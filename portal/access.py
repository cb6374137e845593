"""Who may see a customer centre page: a logged-in customer, for a limited idle time."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from portal.models import AccessLogEntry
from portal.selectors import customer_for_user
from portal.services import access_log_record

#: A session without a customer centre request for this long ends.
IDLE_SECONDS = 30 * 60


def customer_required(page: str):
    """Pass the logged-in customer to the view, log the data access, renew the idle timer."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            customer = customer_for_user(request.user)
            if customer is None:
                raise Http404
            request.session.set_expiry(IDLE_SECONDS)
            access_log_record(
                request=request, action=AccessLogEntry.Action.VIEW, customer=customer, detail=page
            )
            return view(request, customer, *args, **kwargs)

        return wrapper

    return decorate
