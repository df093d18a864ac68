"""DRF's ``drf_create_token``, but the key is printed once: when the token is made.

DRF's own command prints an existing token's key again on every run, so anyone who may run
it could read any user's key later. Here a user who has a token gets an error unless ``-r``
replaces it (the old key stops working at once). Overrides DRF's command because accounts
comes before rest_framework.authtoken in INSTALLED_APPS.
"""

from django.core.management.base import CommandError
from django.db import transaction
from rest_framework.authtoken.management.commands.drf_create_token import (
    Command as DrfCreateTokenCommand,
)
from rest_framework.authtoken.models import Token

from accounts.models import User


class Command(DrfCreateTokenCommand):
    help = (
        "Create an API token for a user and print its key, once. With -r, replace the "
        "user's token (the old key stops working)."
    )

    @transaction.atomic
    def create_user_token(self, username, reset_token):
        user = User._default_manager.get_by_natural_key(username)
        if reset_token:
            Token.objects.filter(user=user).delete()
        elif Token.objects.filter(user=user).exists():
            raise CommandError(
                f"User {username} already has a token; its key is not shown again. Use -r to "
                "replace it with a new one (the old key stops working)."
            )
        return Token.objects.create(user=user)
