from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from privacy.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits count by the same client address as everything else."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
