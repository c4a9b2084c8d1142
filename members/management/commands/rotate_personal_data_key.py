"""Re-encrypt the personal data with a new key.

Set the new key in FIELD_ENCRYPTION_KEY and the key the data was written with in
FIELD_ENCRYPTION_KEY_OLD, then run this command once. Every ID and phone number is read with
whichever of the two keys opens it, written again with the new one, and its keyed hash made
with the new key; all in one transaction. Afterwards FIELD_ENCRYPTION_KEY_OLD may be removed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from members.fields import EncryptedTextField, KeyedHashField
from members.models import Person

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypts ID and phone numbers with FIELD_ENCRYPTION_KEY, reading them with "
        "FIELD_ENCRYPTION_KEY_OLD where needed."
    )

    def handle(self, *args, **options) -> None:
        if not settings.FIELD_ENCRYPTION_KEY_OLD:
            raise CommandError(
                _(
                    "Set FIELD_ENCRYPTION_KEY_OLD to the key the data was written with, and "
                    "FIELD_ENCRYPTION_KEY to the new one."
                )
            )
        fields = [f for f in Person._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        hashes = [f for f in Person._meta.concrete_fields if isinstance(f, KeyedHashField)]
        names = [f.name for f in fields + hashes]
        count = 0
        try:
            with transaction.atomic():
                # reading decrypts with either key; bulk_update encrypts with the new one
                people = Person.objects.only("pk", *[f.name for f in fields])
                batch = []
                for person in people.iterator(chunk_size=BATCH):
                    for field in hashes:
                        field.refresh(person)
                    batch.append(person)
                    if len(batch) == BATCH:
                        Person.objects.bulk_update(batch, names)
                        count += len(batch)
                        batch = []
                Person.objects.bulk_update(batch, names)
                count += len(batch)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Re-encrypted the ID and phone numbers of %(count)d people with the new key.")
            % {"count": count}
        )
