"""党费: the yearly base of each paying member, the monthly charges derived from it, and the
append-only ledger of payments.

The ledger is never edited: a mistake is corrected by a reversal entry that points at the
entry it cancels, and both stay visible. ``Payment.save`` and ``Payment.delete`` refuse to
change an existing row, and the admin shows the ledger read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branch.constraints import FieldConstraintsMixin
from branch.models import Organization
from dues.choices import SETTLING_KINDS, DuesCategory, Method, PaymentKind
from dues.rules import CENTRAL_THRESHOLD
from members.models import Person


class DuesBase(FieldConstraintsMixin, models.Model):
    """年初核定: a member's dues base for one year and the monthly amount it gives."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_bases"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("dues category"), max_length=12, choices=DuesCategory.choices)
    base_amount = models.DecimalField(
        _("base (monthly pay or pension)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4, null=True, blank=True)
    standard_amount = models.DecimalField(_("amount by the rules"), max_digits=8, decimal_places=2)
    monthly_amount = models.DecimalField(_("monthly amount"), max_digits=8, decimal_places=2)
    reduction_reason = models.CharField(
        _("reason for reduction or exemption"), max_length=200, blank=True
    )
    approval_reference = models.CharField(
        _("approval of the higher committee"),
        max_length=60,
        blank=True,
        help_text=_("Document number of the higher committee's approval."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["organization", "-year", "person__sort_key", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="dues_base_one_per_year",
                violation_error_message=_("This person already has a dues base for that year."),
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0),
                name="dues_base_amount_not_negative",
                violation_error_message=_("The monthly amount cannot be negative."),
            ),
            # paying less than the rules ask needs a reason and the higher committee's approval
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=F("standard_amount"))
                | (~Q(reduction_reason="") & ~Q(approval_reference="")),
                name="dues_base_reduction_approved",
                violation_error_message=_(
                    "Paying less than the standard amount needs a reason and the higher "
                    "committee's approval reference."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year} {self.monthly_amount}"

    @property
    def reduced(self) -> bool:
        return self.monthly_amount < self.standard_amount


class Exemption(FieldConstraintsMixin, models.Model):
    """Months in which a member owes no dues, approved by the higher committee."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_exemptions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    first_month = models.DateField(_("from month"))
    last_month = models.DateField(_("to month"))
    reason = models.CharField(_("reason"), max_length=200)
    approval_reference = models.CharField(_("approval of the higher committee"), max_length=60)

    class Meta:
        verbose_name = _("dues exemption")
        verbose_name_plural = _("dues exemptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=F("first_month")),
                name="dues_exemption_order",
                violation_error_message=_("The last month cannot come before the first month."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.first_month:%Y-%m}–{self.last_month:%Y-%m}"


class Charge(FieldConstraintsMixin, models.Model):
    """应缴: what a member owes for one month. Derived by ``dues.charges.charges_generate``
    from the bases, the membership and exemptions; regenerating changes nothing."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_charges"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount due"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("monthly charge")
        verbose_name_plural = _("monthly charges")
        ordering = ["organization", "month", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month"],
                name="dues_charge_one_per_month",
                violation_error_message=_("This person already has a charge for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="dues_charge_month_first_day",
                violation_error_message=_("A month is recorded as its first day."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "month"])]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.amount}"


class LedgerIsAppendOnly(Exception):
    pass


class Payment(FieldConstraintsMixin, models.Model):
    """实缴: one entry of the append-only ledger, for one person and one month.

    ``generation`` counts the reversals of that person and month before this entry: two people
    recording the same month at once both compute the same generation, and the unique
    constraint lets only one of them in; after a reversal the month can be paid again.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    paid_on = models.DateField(_("date paid"))
    receipt = models.CharField(_("receipt number"), max_length=40, db_index=True)
    generation = models.PositiveSmallIntegerField(default=0)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["organization", "month", "person", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month", "generation"],
                condition=Q(kind__in=SETTLING_KINDS),
                name="dues_payment_one_per_month",
                violation_error_message=_("This month is already paid for this person."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="dues_payment_month_first_day",
                violation_error_message=_("A month is recorded as its first day."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=PaymentKind.REVERSAL) & Q(reverses__isnull=False) & Q(amount__lt=0)
                )
                | (~Q(kind=PaymentKind.REVERSAL) & Q(reverses__isnull=True) & Q(amount__gt=0)),
                name="dues_payment_reversal_shape",
                violation_error_message=_(
                    "A payment is a positive amount; only a reversal is negative, and it names "
                    "the payment it reverses."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "month"])]

    def __str__(self) -> str:
        return f"{self.receipt} {self.person} {self.month:%Y-%m} {self.amount}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly("a ledger entry is never changed; record a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("a ledger entry is never deleted; record a reversal")

    @property
    def goes_to_central(self) -> bool:
        """Voluntary payments over 1000 yuan are handed on to the central committee."""
        return self.kind == PaymentKind.EXTRA and self.amount > CENTRAL_THRESHOLD


class ReceiptCounter(FieldConstraintsMixin, models.Model):
    """The last receipt number handed out by a branch in a year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="dues_receipt_counter",
                violation_error_message=_(
                    "This branch already has a receipt counter for that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.last}"


class ArrearsNote(models.Model):
    """The recorded reason why a member has not paid (illness, working away…): with one, six
    unpaid months are not flagged as leaving the party."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="arrears_notes"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    noted_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reason for arrears")
        verbose_name_plural = _("reasons for arrears")
        ordering = ["-noted_on"]

    def __str__(self) -> str:
        return f"{self.person} {self.noted_on}"
