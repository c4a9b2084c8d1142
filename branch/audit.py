"""Writing and reading the audit log. Every service that changes a record calls ``audit_record``
inside its transaction, so the entry exists exactly when the change does.

An entry stores ``{key: [before, after]}`` in plain JSON (``diff``). A key is a field of the
audited model or one of the ``EXTRA`` keys a service adds to describe the change (the months a
payment covers, the names of the attachments added); ``readable_changes`` turns each into its
Chinese label and a value a secretary can read."""

from __future__ import annotations

import datetime
import decimal
import importlib
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.defaultfilters import yesno
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branch.models import AuditEntry, Organization


class Action(models.TextChoices):
    CREATE = "create", "create"
    UPDATE = "update", "update"
    DELETE = "delete", "delete"
    GRANT = "grant", "grant"
    REVOKE = "revoke", "revoke"


# How a stored value is shown.
TEXT, DATE, MONTH, MONEY, BOOL, NUMBER = "text", "date", "month", "money", "bool", "number"
PERCENT = "percent"  # a rate stored as a fraction: 0.015 is 1.5%
CHARGES = "charges"  # "2026: +12 ~0 -3", what regenerating a year's charges did


@dataclass(frozen=True)
class Key:
    """How the log shows one key of an entry that is not (or not only) a model field."""

    # None: the model field's own label (the key only says how its value is shown)
    label: Promise | str | None
    kind: str = TEXT
    # a choices class as ``module:Name`` (``members.models:Stage``), or a mapping from the value
    # of the key ``by`` to such classes (a status change's value is a stage, a category…)
    choices: str = ""
    by: str = ""
    many: bool = False
    # the choices of the model's own field
    options: tuple = ()


# Keys shared by several models.
COMMON: dict[str, Key] = {
    "person": Key(_("full name")),
    "people": Key(_("people named"), many=True),
    "stage": Key(_("stage"), choices="members.models:Stage"),
    "joined_on": Key(_("joined the branch on"), kind=DATE),
    "left_on": Key(_("left the branch on"), kind=DATE),
    "left_reason": Key(_("reason for leaving"), choices="members.models:Membership.LeftReason"),
    "amount": Key(_("amount"), kind=MONEY),
    "month": Key(_("month"), kind=MONTH),
}

# Keys of one model, by ``app_label.model``; they win over the model's own fields.
EXTRA: dict[str, dict[str, Key]] = {
    "auth.user": {
        "username": Key(_("login name")),
        "first_name": Key(_("full name")),
        "email": Key(_("E-mail")),
    },
    "branch.roleassignment": {"user": Key(_("login name"))},
    "branch.organization": {
        "dues_charges": Key(_("monthly dues charges"), kind=CHARGES),
        "workbook_sheets": Key(_("imported from a workbook"), many=True),
    },
    "members.person": {
        "name": Key(_("full name")),
        "party_group": Key(_("party group")),
        "from": Key(_("from"), kind=DATE),
        "joined_party_on": Key(_("date of joining the Party"), kind=DATE),
        "full_member_on": Key(_("date of full membership"), kind=DATE),
    },
    "members.statuschange": {
        "value": Key(_("value"), choices="members.models:ASPECT_VALUES", by="aspect"),
    },
    "members.developmentstep": {
        "training_days": Key(_("training days"), kind=NUMBER),
        "training_hours": Key(_("class hours"), kind=NUMBER),
        "votes_for": Key(_("For"), kind=NUMBER),
        "votes_against": Key(_("Against"), kind=NUMBER),
        "abstentions": Key(_("abstentions"), kind=NUMBER),
        "entitled": Key(_("entitled to vote"), kind=NUMBER),
        "passed": Key(_("passed"), kind=BOOL),
        "outcome": Key(_("decision"), choices="members.rules:Outcome"),
        "extension_months": Key(_("months of extension"), kind=NUMBER),
        "approved": Key(_("approved"), kind=BOOL),
        "reference": Key(_("approval reference")),
        "late_reason": Key(_("Reason for the delay")),
    },
    "meetings.meeting": {
        "attendance": Key(_("attendance")),
        "attachments": Key(_("attachments"), many=True),
    },
    "meetings.decision": {
        "category": Key(_("kind of decision"), choices="meetings.models:DecisionCategory"),
        "entitled": Key(_("entitled to vote"), kind=NUMBER),
        "passed": Key(_("passed"), kind=BOOL),
    },
    "meetings.talk": {
        "participants": Key(_("participants"), many=True),
        "category": Key(_("kind of talk"), choices="meetings.models:TalkCategory"),
    },
    "members.transfer": {"dues_paid_until": Key(None, kind=MONTH)},
    "dues.duesbase": {"rate": Key(None, kind=PERCENT)},
    "meetings.review": {"members": Key(_("members to review"), kind=NUMBER)},
    "meetings.branchrule": {"period": Key(_("at least once a"), choices="meetings.models:Period")},
    "dues.charge": {"month": Key(_("month"), kind=MONTH)},
    "dues.exemption": {
        "first_month": Key(_("from month"), kind=MONTH),
        "last_month": Key(_("to month"), kind=MONTH),
    },
    "dues.payment": {
        "months": Key(_("months paid for"), kind=MONTH, many=True),
        "kinds": Key(_("kind"), choices="dues.models:PaymentKind", many=True),
        "to_central": Key(_("passed on to the central committee"), kind=BOOL),
        "reverses": Key(_("reverses receipt")),
        "month": Key(_("month"), kind=MONTH),
    },
    "reports.annualreport": {
        "problems": Key(_("problems"), many=True),
        "from_version": Key(_("reopened from version"), kind=NUMBER),
    },
}

# Keys named by a table of another app: ``(key, heading, …)`` rows; the report's sections.
TABLES: dict[str, str] = {"reports.annualreport": "reports.proposals:SECTIONS"}


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the log: related objects by their names."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if hasattr(value, "all") and callable(value.all):  # a related manager: the names it holds
        return [str(v) for v in value.all()]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# Keys whose values the log keeps only masked, as ``(characters kept at the start, at the
# end)``: its readers (a township administrator) need not be entitled to ID and phone numbers.
MASKED: dict[str, tuple[int, int]] = {"id_number": (4, 4), "phone": (3, 4)}


def masked(name: str, value: Any) -> Any:
    """The value of key ``name`` as the log stores it: ``3301**********1234``,
    ``138****5678``. Masking a masked value changes nothing."""
    if name not in MASKED or not isinstance(value, str) or not value:
        return value
    start, end = MASKED[name]
    if len(value) <= start + end:
        return "*" * len(value)
    return value[:start] + "*" * (len(value) - start - end) + value[-end:]


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed: the one shape every
    entry is stored in. An empty value and a missing one are the same (nothing to record);
    ID and phone numbers are stored masked."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new and not (_empty(old) and _empty(new)):
            changes[name] = [masked(name, old), masked(name, new)]
    return changes


def audit_record(
    *,
    actor: Any,
    organization: Organization | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """``object_repr`` names the change when the object alone would mislead (one receipt
    for several months is recorded on its first month's payment)."""
    changes = diff(before or {}, after or {})
    missing = unlabelled(type(obj), changes)
    if missing:
        # Shown as an error in the tests (filterwarnings = error): give the key a label.
        warnings.warn(
            f"audit keys without a label for {obj._meta.label_lower}: {', '.join(missing)}",
            RuntimeWarning,
            stacklevel=2,
        )
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=organization,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=(object_repr or str(obj))[:200],
        changes=changes,
    )


# Reading --------------------------------------------------------------------------------------


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    """The model's own field of that name, if it is one a user knows (not a reverse relation)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # a field since removed, or a key that is not a field
        return None
    if field.auto_created and not field.concrete:
        return None  # a reverse relation: it has no label of its own
    return field


def _has_label(field: models.Field) -> bool:
    # A label given through gettext is lazy; Django makes a plain "done on" out of done_on
    # when a field is given none, which would show in English.
    return isinstance(field.verbose_name, Promise)


def key_for(model: type[models.Model] | None, name: str) -> Key | None:
    """How ``name`` in an entry about ``model`` is labelled and shown, or ``None``."""
    label = model._meta.label_lower if model is not None else ""
    field = _field(model, name)
    if name in EXTRA.get(label, {}):
        key = EXTRA[label][name]
        if key.label is None:
            return replace(key, label=field.verbose_name) if field is not None else None
        return key
    if field is not None and _has_label(field):
        if field.choices:
            return Key(field.verbose_name, options=tuple(field.flatchoices))
        if isinstance(field, models.DecimalField):
            return Key(field.verbose_name, kind=MONEY)
        if isinstance(field, models.BooleanField):
            return Key(field.verbose_name, kind=BOOL)
        if isinstance(field, models.DateTimeField):
            return Key(field.verbose_name, kind=TEXT)
        if isinstance(field, models.DateField):
            return Key(field.verbose_name, kind=DATE)
        if isinstance(field, models.IntegerField):
            return Key(field.verbose_name, kind=NUMBER)
        return Key(field.verbose_name, many=field.many_to_many)
    if label in TABLES:
        return _table_key(TABLES[label], name) or COMMON.get(name)
    return COMMON.get(name)


def _table_key(path: str, name: str) -> Key | None:
    try:
        rows = _resolve(path)
    except (ImportError, AttributeError):
        return None
    for row in rows:
        if row[0] == name:
            heading = row[1] or _("opening paragraph")
            return Key(format_lazy(_("text of “{}”"), heading))
    return None


def unlabelled(model: type[models.Model] | None, names: Iterable[str]) -> list[str]:
    return [name for name in names if key_for(model, name) is None]


def _resolve(path: str) -> Any:
    module, _sep, names = path.partition(":")
    found: Any = importlib.import_module(module)
    for name in names.split("."):
        found = getattr(found, name)
    return found


def _choices(key: Key, changes: dict, side: int) -> dict[str, str]:
    if key.options:
        return {str(k): str(v) for k, v in key.options}
    if not key.choices:
        return {}
    found = _resolve(key.choices)
    if key.by:  # picked by another key of the same entry, on the same side of the change
        pair = changes.get(key.by)
        if isinstance(pair, list) and len(pair) == 2:
            by = pair[side] if pair[side] is not None else pair[1 - side]
        else:  # the key did not change: the entry stores it once
            by = pair
        found = found.get(by) if isinstance(by, str) else None
        if found is None:
            return {}
    return {str(k): str(v) for k, v in found.choices}


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def _date(value: Any, kind: str) -> str:
    found = _ISO_DATE.match(str(value))
    if not found:
        return str(value)
    year, month, day = (int(g) if g else 1 for g in found.groups())
    try:
        day_ = datetime.date(year, month, day)
    except ValueError:
        return str(value)
    if kind == MONTH or found.group(3) is None:
        return formats.date_format(day_, "YEAR_MONTH_FORMAT")
    return formats.date_format(day_, "DATE_FORMAT")


_CHARGES = re.compile(r"^(\d{4}): \+(\d+) ~(\d+) -(\d+)$")


def _charges(value: Any) -> str:
    found = _CHARGES.match(str(value))
    if not found:
        return str(value)
    year, created, updated, deleted = (int(g) for g in found.groups())
    return _("%(year)d: %(created)d months added, %(updated)d changed, %(deleted)d removed") % {
        "year": year,
        "created": created,
        "updated": updated,
        "deleted": deleted,
    }


def _money(value: Any) -> str:
    try:
        amount = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    return f"-¥{-amount:,}" if amount < 0 else f"¥{amount:,}"


def _percent(value: Any) -> str:
    try:
        rate = decimal.Decimal(str(value)) * 100
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    return f"{rate.normalize():f}%"


def _guess(value: Any) -> str:
    """An unknown key (a stored entry of an older shape): as readable as its value allows."""
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _date(value, DATE)
    return str(value)


def _one(value: Any, key: Key | None, choices: dict[str, str]) -> str:
    if _empty(value):
        return ""
    if isinstance(value, list | tuple):
        return "、".join(_one(v, key, choices) for v in value if not _empty(v))
    if isinstance(value, dict):
        return "；".join(_one(v, key, choices) for v in value.values() if not _empty(v))
    if key is None:
        return _guess(value)
    if choices:
        return choices.get(str(value), str(value))
    if key.kind == BOOL or isinstance(value, bool):
        return yesno(bool(value))
    if key.kind in (DATE, MONTH):
        return _date(value, key.kind)
    if key.kind == MONEY:
        return _money(value)
    if key.kind == PERCENT:
        return _percent(value)
    if key.kind == CHARGES:
        return _charges(value)
    return str(value)


def display(model: type[models.Model] | None, name: str, value: Any, changes: dict, side: int):
    """The value as the log shows it; never raises, whatever an old entry holds."""
    key = key_for(model, name)
    try:
        choices = _choices(key, changes, side) if key else {}
        return _one(value, key, choices)
    except Exception:  # a stored value of an unexpected shape is shown as it is, not as a 500
        return str(value)


def readable_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """``(label, before, after)`` for each change of ``entry``, in Chinese, values readable;
    an empty value is ``""``."""
    model = entry.content_type.model_class()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for name, pair in sorted(changes.items()):
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            pair = [None, pair]
        key = key_for(model, name)
        label = str(key.label) if key else name
        rows.append(
            (
                label,
                display(model, name, pair[0], changes, 0),
                display(model, name, pair[1], changes, 1),
            )
        )
    return rows


def heading(entry: AuditEntry) -> str:
    """What the entry is about. One receipt for several months is stored on its first month's
    payment; it is named by all its months and its total, also in entries written before the
    service said so itself."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    model = entry.content_type.model_class()
    months, amount = changes.get("months"), changes.get("amount")
    if (
        model is not None
        and model._meta.label_lower == "dues.payment"
        and isinstance(months, list)
        and len(months) == 2
        and isinstance(months[1], list)
        and len(months[1]) > 1
        and isinstance(amount, list)
        and len(amount) == 2
    ):
        receipt = changes.get("receipt", [None, ""])
        person = changes.get("person", [None, ""])
        return " ".join(
            str(part)
            for part in (
                receipt[1] if isinstance(receipt, list) else "",
                person[1] if isinstance(person, list) else "",
                f"{_date(months[1][0], MONTH)}–{_date(months[1][-1], MONTH)}",
                _money(amount[1]),
            )
            if part
        )
    return entry.object_repr
