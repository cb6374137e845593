"""Logins, logouts and failed logins go into the customer's access log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from portal.access import IDLE_SECONDS
from portal.models import AccessLogEntry
from portal.selectors import customer_for_user
from portal.services import access_log_record
from privacy.client_ip import client_ip


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    customer = customer_for_user(user)
    if customer is not None and request is not None:
        request.session.set_expiry(IDLE_SECONDS)
        access_log_record(request=request, action=AccessLogEntry.Action.LOGIN, customer=customer)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    customer = customer_for_user(user) if user is not None else None
    if customer is not None and request is not None:
        access_log_record(request=request, action=AccessLogEntry.Action.LOGOUT, customer=customer)


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    """Looked up in a task: a known address must cost the login page no extra work."""
    from portal.tasks import failed_login_record_task

    if request is None:
        return
    email = credentials.get("email") or credentials.get("username") or ""
    failed_login_record_task.enqueue(
        email=email[:254], ip_address=client_ip(request) or "", at=timezone.now().isoformat()
    )
