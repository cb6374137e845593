"""Sending the outbox: at most once per mail, retried with back-off when the server fails.

A worker claims a mail by moving its next attempt into the future in one UPDATE; only
the worker whose UPDATE matched sends it, so two workers never send the same mail.
The mail is marked sent right after the server accepted it. No lock is held while
talking to the mail server, so a hanging server blocks no one else.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inquiries import conf
from inquiries.models import OutgoingMail

logger = logging.getLogger(__name__)

#: Time a claimed mail is left alone by other workers while it is being sent.
CLAIM_LEASE = timedelta(minutes=15)


def _retry_delay(attempts: int) -> timedelta:
    delays = conf.mail_retry_delays()
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _message(mail: OutgoingMail) -> EmailMessage | None:
    inquiry = mail.inquiry
    with translation.override("de"):
        if mail.purpose == OutgoingMail.Purpose.UNIT_NOTIFICATION:
            if not inquiry.unit.notification_email:
                return None
            link = _absolute(reverse("inquiries_admin_detail", args=[inquiry.reference]))
            body = _(
                "Guten Tag,\n\nim Posteingang „%(unit)s“ ist ein neues Anliegen "
                "eingegangen (%(form)s, Vorgangsnummer %(reference)s).\n\n"
                "Zum Anliegen (Anmeldung erforderlich):\n%(link)s\n\n"
                "Diese Nachricht enthält bewusst keine Angaben der anfragenden Person.\n"
            ) % {
                "unit": inquiry.unit.name,
                "form": inquiry.get_kind_display(),
                "reference": inquiry.reference,
                "link": link,
            }
            subject = _("Neues Anliegen %(reference)s") % {"reference": inquiry.reference}
            return EmailMessage(subject, body, to=[inquiry.unit.notification_email])
        if not inquiry.email:
            return None
        body = _(
            "Guten Tag,\n\nvielen Dank für Ihre Nachricht über das Formular „%(form)s“. "
            "Sie ist bei uns eingegangen und wird von der zuständigen Stelle bearbeitet.\n\n"
            "Ihre Vorgangsnummer: %(reference)s\n\n"
            "Bitte nennen Sie diese Nummer bei Rückfragen. Aus Datenschutzgründen "
            "enthält diese E-Mail keine Kopie Ihres Anliegens.\n\n"
            "Ihre Stadtwerke\n"
        ) % {"form": inquiry.get_kind_display(), "reference": inquiry.reference}
        subject = _("Eingangsbestätigung %(reference)s") % {"reference": inquiry.reference}
        return EmailMessage(subject, body, to=[inquiry.email])


def _claim(mail_id: int) -> bool:
    now = timezone.now()
    return bool(
        OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + CLAIM_LEASE)
    )


def outgoing_mail_send(*, mail_id: int) -> bool:
    """Try to send one mail; True if it went out now."""
    if not _claim(mail_id):
        return False  # sent already, not due yet, or another worker has it
    mail = OutgoingMail.objects.select_related("inquiry__unit").filter(pk=mail_id).first()
    if mail is None:
        return False  # the inquiry was deleted meanwhile
    message = _message(mail)
    if message is None:
        OutgoingMail.objects.filter(pk=mail_id).delete()
        return False
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        attempts = mail.attempts + 1
        OutgoingMail.objects.filter(pk=mail_id).update(
            attempts=attempts,
            last_error=type(exc).__name__[:100],
            next_attempt_at=timezone.now() + _retry_delay(attempts),
        )
        logger.warning(
            "inquiry mail %s: attempt %s failed (%s)", mail_id, attempts, type(exc).__name__
        )
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(
        attempts=mail.attempts + 1, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return True


def outgoing_mail_send_due(*, limit: int = 200) -> int:
    """Send every mail whose (next) attempt is due; returns how many went out."""
    due = OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return sum(outgoing_mail_send(mail_id=mail_id) for mail_id in ids)


def outgoing_mail_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Sent mails need no outbox row for long."""
    cutoff = timezone.now() - older_than
    deleted, _details = OutgoingMail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
