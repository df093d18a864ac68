from django.core.management.base import BaseCommand

from cases import services


class Command(BaseCommand):
    help = (
        "Re-encrypt BSN, KvK and RSIN numbers written under an older key with the first key "
        "of FIELD_ENCRYPTION_KEYS. Run it after putting a new key first; then drop the old."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        count = services.identifiers_reencrypt(batch_size=batch_size)
        self.stdout.write(f"{count} case(s) re-encrypted with the newest key.")
