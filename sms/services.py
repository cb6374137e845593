"""Sending free SMS: taking a quota slot, the fraud limits, delivery with retries.

Everything that admits a message happens in one transaction: the customer's slot,
the recipient's cap, the global budget, the message, its content and the abuse-log
entry. If any limit is reached the transaction rolls back and nothing was used.

Delivery follows the outbox pattern of the contact mails: a worker claims a message
by moving its next attempt into the future in one UPDATE, so two workers never send
the same one; no lock is held while the gateway is called.
"""

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.models import Customer
from sms import conf
from sms.backends.base import GatewayError, GatewayRefused, OutgoingSms, get_backend
from sms.encoding import sms_length
from sms.models import AbuseLogEntry, SmsContent, SmsDailyCount, SmsMessage

logger = logging.getLogger(__name__)

#: Time a claimed message is left alone by other workers while it is being sent.
CLAIM_LEASE = timedelta(minutes=5)
BUDGET = "budget"
REFUSED = "refused:"


class SmsRefused(Exception):
    """A message the service does not take, with the reason for the customer."""

    def __init__(self, reason: str, message) -> None:
        super().__init__(str(message))
        self.reason = reason
        self.message = message


def sms_day(now: datetime | None = None) -> date:
    """The calendar day in Berlin that a message sent at `now` counts for."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(conf.TIME_ZONE)).date()


def recipient_digest(recipient: str) -> str:
    return salted_hmac("sms.recipient", recipient, algorithm="sha256").hexdigest()


def _recipient_key(digest: str) -> str:
    return f"recipient:{digest[:32]}"


def _count_take(*, day: date, key: str, limit: int) -> bool:
    """Take one place of a day's counter if fewer than `limit` are taken."""
    try:
        with transaction.atomic():
            SmsDailyCount.objects.get_or_create(day=day, key=key)
    except IntegrityError:
        pass  # created meanwhile by a concurrent request; the UPDATE below decides
    return bool(
        SmsDailyCount.objects.filter(day=day, key=key, used__lt=limit).update(used=F("used") + 1)
    )


def _count_give_back(*, day: date, key: str) -> None:
    SmsDailyCount.objects.filter(day=day, key=key, used__gt=0).update(used=F("used") - 1)


def _refusal_count(*, day: date, reason: str) -> None:
    """Count a refusal outside the rolled-back transaction, for staff to see."""
    _count_take(day=day, key=REFUSED + reason, limit=2**31 - 1)


def _message_create(*, customer: Customer, day: date, now: datetime, **fields) -> SmsMessage:
    """Insert the message into the lowest free quota slot, or refuse.

    The read of taken slots only saves futile inserts; the unique constraint on
    (customer, day, slot) decides, so a concurrent request that took the slot first
    makes this insert fail and the next slot is tried."""
    taken = set(
        SmsMessage.objects.filter(customer=customer, day=day, slot__isnull=False).values_list(
            "slot", flat=True
        )
    )
    for slot in range(1, conf.daily_quota() + 1):
        if slot in taken:
            continue
        try:
            with transaction.atomic():
                return SmsMessage.objects.create(
                    customer=customer, day=day, slot=slot, created_at=now, **fields
                )
        except IntegrityError:
            continue
    raise SmsRefused(
        "quota",
        _(
            "Sie haben heute bereits alle %(quota)d kostenlosen SMS versendet. "
            "Morgen stehen Ihnen wieder neue zur Verfügung."
        )
        % {"quota": conf.daily_quota()},
    )


def sms_send(
    *, customer: Customer, recipient: str, text: str, ip_address: str, now: datetime | None = None
) -> SmsMessage:
    """Accept one SMS for delivery, within every limit, or raise SmsRefused.

    `recipient` is a number already checked and normalised by sms.numbers."""
    now = now or timezone.now()
    day = sms_day(now)
    length = sms_length(text)
    if not text or length.parts > conf.max_parts():
        raise SmsRefused("length", _("Der Text ist leer oder zu lang."))
    digest = recipient_digest(recipient)
    try:
        with transaction.atomic():
            message = _message_create(
                customer=customer,
                day=day,
                now=now,
                parts=length.parts,
                encoding=length.encoding,
                recipient_digest=digest,
                next_attempt_at=now,
            )
            if not _count_take(
                day=day, key=_recipient_key(digest), limit=conf.recipient_daily_cap()
            ):
                raise SmsRefused(
                    "recipient",
                    _(
                        "An diese Nummer wurden heute schon so viele SMS gesendet, wie wir "
                        "zum Schutz vor Missbrauch erlauben. Bitte versuchen Sie es morgen wieder."
                    ),
                )
            if not _count_take(day=day, key=BUDGET, limit=conf.daily_budget()):
                raise SmsRefused(
                    "budget",
                    _(
                        "Der kostenlose SMS-Service hat sein Tageskontingent erreicht. "
                        "Bitte versuchen Sie es morgen wieder."
                    ),
                )
            SmsContent.objects.create(message=message, recipient=recipient, text=text)
            AbuseLogEntry.objects.create(
                customer_number=customer.customer_number, at=now, ip_address=ip_address or None
            )
            transaction.on_commit(lambda: _deliver_enqueue(message.pk))
    except SmsRefused as refused:
        _refusal_count(day=day, reason=refused.reason)
        logger.info("sms refused: %s", refused.reason)
        raise
    return message


def _deliver_enqueue(message_id: int) -> None:
    from sms.tasks import sms_deliver_task

    sms_deliver_task.enqueue(message_id=message_id)


def _retry_delay(attempts: int) -> timedelta | None:
    """Wait before the next attempt after `attempts` failed ones; None when it is over."""
    delays = conf.retry_delays()
    if attempts > len(delays):
        return None
    return timedelta(seconds=delays[attempts - 1])


def _claim(message_id: int, now: datetime) -> bool:
    return bool(
        SmsMessage.objects.filter(pk=message_id, state=SmsMessage.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + CLAIM_LEASE)
    )


def _finish_sent(message: SmsMessage, *, attempts: int) -> None:
    with transaction.atomic():
        SmsMessage.objects.filter(pk=message.pk).update(
            state=SmsMessage.State.SENT,
            attempts=attempts,
            finished_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
        )
        # The gateway has it now: number and text are no longer ours to keep.
        SmsContent.objects.filter(message_id=message.pk).delete()


def _finish_failed(message: SmsMessage, *, attempts: int, error: str) -> None:
    """Final failure: the customer sees it, and gets the quota and the caps back."""
    with transaction.atomic():
        SmsMessage.objects.filter(pk=message.pk).update(
            state=SmsMessage.State.FAILED,
            slot=None,
            attempts=attempts,
            finished_at=timezone.now(),
            next_attempt_at=None,
            last_error=error[:100],
        )
        _count_give_back(day=message.day, key=_recipient_key(message.recipient_digest))
        _count_give_back(day=message.day, key=BUDGET)
        SmsContent.objects.filter(message_id=message.pk).delete()


def sms_deliver(*, message_id: int) -> bool:
    """Try to hand one message to the gateway; True if it was accepted now."""
    if not _claim(message_id, timezone.now()):
        return False  # delivered already, not due yet, or another worker has it
    message = SmsMessage.objects.select_related("content").filter(pk=message_id).first()
    if message is None:
        return False
    content = getattr(message, "content", None)
    attempts = message.attempts + 1
    if content is None:
        _finish_failed(message, attempts=message.attempts, error="content missing")
        return False
    outgoing = OutgoingSms(
        recipient=content.recipient, text=content.text, idempotency_key=str(message.idempotency_key)
    )
    try:
        get_backend().send(outgoing)
    except GatewayRefused as exc:
        logger.warning("sms %s refused by the gateway (%s)", message_id, exc)
        _finish_failed(message, attempts=attempts, error=str(exc) or type(exc).__name__)
        return False
    except Exception as exc:
        # Not only GatewayError: a broken backend must not be retried forever either.
        error = (str(exc) if isinstance(exc, GatewayError) else "") or type(exc).__name__
        delay = _retry_delay(attempts)
        if delay is None:
            logger.warning(
                "sms %s failed for good after %s attempts (%s)", message_id, attempts, error
            )
            _finish_failed(message, attempts=attempts, error=error)
        else:
            logger.warning("sms %s: attempt %s failed (%s)", message_id, attempts, error)
            SmsMessage.objects.filter(pk=message_id).update(
                attempts=attempts, last_error=error[:100], next_attempt_at=timezone.now() + delay
            )
        return False
    _finish_sent(message, attempts=attempts)
    return True


def sms_deliver_due(*, limit: int = 200) -> int:
    """Deliver every queued message whose (next) attempt is due; returns how many went."""
    due = SmsMessage.objects.filter(
        state=SmsMessage.State.QUEUED, next_attempt_at__lte=timezone.now()
    )
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return sum(sms_deliver(message_id=message_id) for message_id in ids)
