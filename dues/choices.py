"""The kinds the dues app stores: dues categories, payment kinds and methods. Apart from the
models so that the rules table (``dues.rules``) and the models can both read them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DuesCategory(models.TextChoices):
    EMPLOYED = "employed", _("in service")
    RETIRED = "retired", _("retired")
    FARMER = "farmer", _("farmer")
    LOW_INCOME = "low_income", _("student, unemployed or on relief")


class PaymentKind(models.TextChoices):
    REGULAR = "regular", _("regular")
    BACK = "back", _("back-payment")
    ADVANCE = "advance", _("advance payment")
    EXTRA = "extra", _("voluntary extra payment")
    REVERSAL = "reversal", _("reversal")


# Kinds that settle a month: at most one stands for a person and month at a time.
SETTLING_KINDS = (PaymentKind.REGULAR, PaymentKind.BACK, PaymentKind.ADVANCE)


class Method(models.TextChoices):
    CASH = "cash", _("cash")
    TRANSFER = "transfer", _("bank transfer")
    ONLINE = "online", _("online")
