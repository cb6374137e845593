from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from privacy.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits count by the same client address as everything else."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_open_for_signup(self, request) -> bool:
        """Accounts are made only by portal registration, checked against the master data."""
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("portal_overview")

    def get_logout_redirect_url(self, request) -> str:
        return reverse("account_login")

    def get_email_verification_redirect_url(self, email_address) -> str:
        return reverse("account_login")

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        """A new login address that is another account's gets no link, but its owner a note.

        With ACCOUNT_PREVENT_ENUMERATION allauth's change-email form accepts an address
        taken by another account, so the page looks as for a free one; but it would then
        mail the owner a confirmation link that fails when followed. The owner hears
        instead that someone asked for their address, and nothing changes. Both ways
        cost the same: one query, one rendered mail, one task.
        """
        address = emailconfirmation.email_address
        taken = (
            EmailAddress.objects.filter(email__iexact=address.email)
            .exclude(user_id=address.user_id)
            .exists()
        )
        if taken and not signup:
            self.send_mail("account/email/email_change_taken", address.email, {})
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def format_email_subject(self, subject: str) -> str:
        return _("Stadtwerke: %(subject)s") % {"subject": subject}

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now, deliver from a task: whether a mail goes out (a known or an
        unknown address) must not show in how long the page takes."""
        from portal.tasks import mail_deliver_task

        context = {"request": self.request, "email": email, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        mail_deliver_task.enqueue(
            subject=message.subject, body=message.body, to=list(message.to), html=html
        )
