"""Model fields for personal data kept encrypted (``members.encryption``).

``EncryptedTextField`` is read and written as plain text: ``person.id_number`` is the number,
the column holds a token. Its keyed hash lives in a ``KeyedHashField`` beside it, filled on
every save (and bulk insert), which carries the uniqueness constraint and answers equality:
``Person.objects.filter(id_number=…)`` and ``id_number__in=[…]`` compare hashes. Any other
lookup (``icontains``, ordering by the number…) cannot work on tokens and is refused.
``QuerySet.update()`` would encrypt but leave the hash behind: change numbers through
``save()`` (the services do), which keeps both.
"""

from __future__ import annotations

from typing import Any

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In, IsNull

from members.encryption import decrypt, encrypt, is_token, keyed_hash


class EncryptedTextField(models.TextField):
    """Plain text in Python, a token in the database and in serialised dumps."""

    def __init__(self, *args: Any, hash_field: str = "", **kwargs: Any) -> None:
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)
        # the length of the text, not of its token (the column is a text column)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if isinstance(value, str) and is_token(value):
            return decrypt(value)
        return value

    def to_python(self, value: Any) -> Any:
        # a dump (``dumpdata``, a backup) carries tokens: loading one reads the text
        if isinstance(value, str) and is_token(value):
            return decrypt(value)
        return super().to_python(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if isinstance(value, str) and value and not is_token(value):
            return encrypt(value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return encrypt(self.value_from_object(obj) or "")

    def get_lookup(self, lookup_name: str):
        return {"exact": HashedExact, "in": HashedIn, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name: str):
        return None


class KeyedHashField(models.CharField):
    """The keyed hash of the field ``source`` of the same model, kept on every save."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def refresh(self, instance: models.Model) -> str:
        value = keyed_hash(getattr(instance, self.source) or "")
        setattr(instance, self.attname, value)
        return value

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        return self.refresh(model_instance)


def _hash_column(lhs: Any) -> Col:
    if not isinstance(lhs, Col) or not isinstance(lhs.target, EncryptedTextField):
        raise FieldError("An encrypted field is compared only as it is, by its keyed hash.")
    return Col(lhs.alias, lhs.target.model._meta.get_field(lhs.target.hash_field))


def _hashed(value: Any) -> str:
    if hasattr(value, "resolve_expression"):
        raise FieldError("An encrypted field is compared only with a value.")
    return keyed_hash("" if value is None else str(value))


class HashedExact(Exact):
    def __init__(self, lhs: Any, rhs: Any) -> None:
        super().__init__(_hash_column(lhs), _hashed(rhs))


class HashedIn(In):
    def __init__(self, lhs: Any, rhs: Any) -> None:
        if hasattr(rhs, "resolve_expression"):
            raise FieldError("An encrypted field is compared only with values.")
        super().__init__(_hash_column(lhs), [_hashed(v) for v in rhs])
