from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model


class EvenAuthenticationBackend(AuthenticationBackend):
    """allauth's backend, with the same lookups for a known and an unknown address.

    allauth skips its search of the user table once it has found a verified address,
    so a known login address costs one query fewer than an unknown one. Here both
    lookups always run, and the candidates are the ones allauth would check.
    """

    def _authenticate_by_email(self, email: str, password: str):
        if not email:
            return None
        email = email.lower()
        addresses = list(EmailAddress.objects.filter(email__iexact=email).select_related("user"))
        by_field = list(get_user_model().objects.filter(email__iexact=email))
        verified = [a.user for a in addresses if a.verified]
        candidates = verified or [a.user for a in addresses] + by_field
        seen = set()
        for user in candidates:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            if self._check_password(user, password):
                return user
        return None
