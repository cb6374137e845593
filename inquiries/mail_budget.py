"""Every mail the public can cause is budgeted, so a bot cannot make the utility's
mail server send thousands of messages and get it blocked: one mail per address
within a cooldown, and a global number per day. Both live in the shared cache."""

from django.core.cache import cache
from django.utils import timezone

from inquiries import conf
from inquiries.protection import counter_increment, keyed_digest

COOLDOWN_KEY_PREFIX = "inquiries:mail:cooldown:"


def mail_budget_take(*, address: str) -> bool:
    """Books one mail to `address`; False if the cooldown or the day's budget forbid it."""
    cooldown_key = COOLDOWN_KEY_PREFIX + keyed_digest("mail", address.strip().lower())
    if not cache.add(cooldown_key, 1, timeout=conf.mail_cooldown_seconds()):
        return False
    day_key = f"inquiries:mail:day:{timezone.localdate().isoformat()}"
    try:
        sent_today = cache.incr(day_key)  # one round trip once the day has begun
    except ValueError:
        sent_today = counter_increment(day_key, timeout=2 * 24 * 3600)
    return sent_today <= conf.mail_daily_budget()
