"""People and their life in the party: the person record, the history of their stage, category
and standing, their periods in a branch and a party group, the committee, the development
steps and transfers.

Nothing here is overwritten when it changes: a new stage is a new ``StatusChange`` row, leaving
a branch ends a ``Membership``. Every "as of a date" answer is computed from these rows
(``members.selectors``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from branch.constraints import FieldConstraintsMixin
from branch.models import Organization, PartyGroup
from branch.uploads import Attachment
from members.choices import (  # noqa: F401 - the choices are read from here as well
    ASPECT_VALUES,
    PARTY_MEMBER_STAGES,
    PIPELINE_STAGES,
    Aspect,
    Category,
    Education,
    Gender,
    Post,
    Stage,
    Standing,
)
from members.fields import EncryptedTextField, KeyedHashField
from members.rules import STEPS, Step


def name_sort_key(name: str) -> str:
    """How a Chinese roster orders names: by their pinyin, syllable by syllable with the tone
    (安 an1 < 白 bai2 < 陈 chen2 < 张 zhang1), then by the characters themselves. Letters and
    digits in a name keep their place, lower-cased."""
    syllables = lazy_pinyin(name.strip(), style=Style.TONE3, neutral_tone_with_five=True)
    return f"{' '.join(s.lower() for s in syllables)}\t{name.strip()}"[:SORT_KEY_LENGTH]


SORT_KEY_LENGTH = 250


class Person(FieldConstraintsMixin, models.Model):
    """Everyone in the development pipeline and every member."""

    name = models.CharField(_("name"), max_length=40)
    # kept by ``save``: every list and choice of people is ordered by it in the database
    sort_key = models.CharField(
        _("pinyin order"), max_length=SORT_KEY_LENGTH, editable=False, db_index=True, default=""
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("date of birth"))
    # ID and phone numbers are stored encrypted, each with its keyed hash beside it for
    # uniqueness and equality search (members.fields); in Python they are plain text.
    id_number = EncryptedTextField(
        _("ID number"),
        max_length=18,
        blank=True,
        help_text=_("18-digit resident identity card number"),
        hash_field="id_number_hash",
    )
    id_number_hash = KeyedHashField(source="id_number")
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    unit_and_post = models.CharField(_("unit and post"), max_length=100, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=20, blank=True, hash_field="phone_hash")
    phone_hash = KeyedHashField(source="phone", db_index=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="members_person_unique_id_number",
                violation_error_message=_("Another person already has this ID number."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.sort_key = name_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name": "sort_key", "id_number": "id_number_hash", "phone": "phone_hash"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[f] for f in update_fields if f in derived),
            }
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None) -> None:
        # the uniqueness of the ID number is checked on its hash: bring it up to date first
        for field in self._meta.concrete_fields:
            if isinstance(field, KeyedHashField):
                field.refresh(self)
        super().validate_constraints(exclude=exclude)


class StatusChange(FieldConstraintsMixin, models.Model):
    """From ``effective_on`` on, the person's stage (or category, or standing) is ``value``."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="status_changes"
    )
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices)
    value = models.CharField(_("value"), max_length=20)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["person", "aspect", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "aspect", "effective_on"],
                name="members_statuschange_one_per_day",
                violation_error_message=_(
                    "This person already has a change of this kind on that day."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(aspect=Aspect.STAGE, value__in=Stage.values)
                    | Q(aspect=Aspect.CATEGORY, value__in=Category.values)
                    | Q(aspect=Aspect.STANDING, value__in=Standing.values)
                ),
                name="members_statuschange_value_valid",
                violation_error_message=_("This value does not belong to what changes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_aspect_display()} {self.value_label} {self.effective_on}"

    @property
    def value_label(self) -> str:
        return str(ASPECT_VALUES[self.aspect](self.value).label)


class Membership(FieldConstraintsMixin, models.Model):
    """A period in which a branch keeps the person's records: ``joined_on`` up to the day
    before ``left_on``."""

    class LeftReason(models.TextChoices):
        TRANSFER = "transfer", _("transferred out")
        DECEASED = "deceased", _("deceased")
        STANDING = "standing", _("left the party")
        OTHER = "other", _("other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined the branch on"))
    left_on = models.DateField(_("left the branch on"), null=True, blank=True)
    left_reason = models.CharField(
        _("reason for leaving"), max_length=10, choices=LeftReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("membership in a branch")
        verbose_name_plural = _("memberships in a branch")
        ordering = ["person", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="members_membership_left_after_joined",
                violation_error_message=_(
                    "The day of leaving the branch cannot come before the day of joining it."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "joined_on", "left_on"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"

    def active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class GroupMembership(FieldConstraintsMixin, models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="group_memberships"
    )
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined the group on"))
    left_on = models.DateField(_("left the group on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership in a party group")
        verbose_name_plural = _("memberships in a party group")
        ordering = ["person", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="members_groupmembership_left_after_joined",
                violation_error_message=_(
                    "The day of leaving the group cannot come before the day of joining it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.party_group}"

    def active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


# The committee ------------------------------------------------------------------------------


class CommitteeTerm(FieldConstraintsMixin, models.Model):
    """One elected 支部委员会, from the election to the end of its term."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="committee_terms",
    )
    elected_on = models.DateField(_("elected on"))
    ends_on = models.DateField(_("term ends on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["organization", "-elected_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("elected_on")),
                name="members_committeeterm_ends_after",
                violation_error_message=_("The term must end after the election."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.elected_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"


class CommitteePost(FieldConstraintsMixin, models.Model):
    term = models.ForeignKey(
        CommitteeTerm,
        verbose_name=_("committee term"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="committee_posts"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    duties = models.CharField(_("duties"), max_length=200, blank=True)
    started_on = models.DateField(_("took office on"))
    ended_on = models.DateField(_("left office on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["term", "post", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="members_committeepost_ended_after_started",
                violation_error_message=_("A post cannot end before it started."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_post_display()}"

    def active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


# Development of new members -----------------------------------------------------------------


class DevelopmentStep(FieldConstraintsMixin, models.Model):
    """One of the 25 steps (``members.rules.STEPS``) done for a person.

    ``cycle`` counts repeats of the same step: the six-monthly assessments, a second vote after
    a failed one, the 转正 steps again after an extended probation.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="steps"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("step"))
    cycle = models.PositiveSmallIntegerField(default=1)
    done_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    # step-specific facts: votes, training days, outcome, extension, the reason for a delay
    data = models.JSONField(default=dict, blank=True)
    people = models.ManyToManyField(
        Person,
        verbose_name=_("people named"),
        blank=True,
        related_name="+",
        help_text=_("Contacts (step 5) or introducers (step 9)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["person", "done_on", "number", "cycle"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "number", "cycle"],
                name="members_developmentstep_unique_cycle",
                violation_error_message=_("This step is already recorded for this person."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=25),
                name="members_developmentstep_number",
                violation_error_message=_("The step must be one of the 25 steps (1–25)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.number}. {self.rule.title}"

    @property
    def rule(self) -> Step:
        return STEPS[self.number]


class StepAttachment(Attachment):
    folder = "steps"
    suffixes = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
    max_bytes = 10 * 1024 * 1024
    kinds = _("PDF, images, Word and Excel files")

    step = models.ForeignKey(DevelopmentStep, on_delete=models.CASCADE, related_name="attachments")


# Transfers ----------------------------------------------------------------------------------


class Transfer(models.Model):
    """组织关系转接: a transfer out of or into a branch, with its introduction letter."""

    class Direction(models.TextChoices):
        OUT = "out", _("transfer out")
        IN = "in", _("transfer in")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="transfers"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="transfers"
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    transferred_on = models.DateField(_("date of transfer"))
    letter_number = models.CharField(_("introduction letter number"), max_length=40)
    counterpart = models.CharField(
        _("destination or origin"),
        max_length=120,
        help_text=_("The party organisation the member goes to or comes from."),
    )
    counterpart_org = models.ForeignKey(
        Organization,
        verbose_name=_("organisation in this system"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dues_paid_until = models.DateField(
        _("dues paid up to (month)"),
        null=True,
        blank=True,
        help_text=_("The first day of the last month paid."),
    )
    valid_until = models.DateField(_("letter valid until"), null=True, blank=True)
    return_slip_on = models.DateField(_("return slip received on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-transferred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_direction_display()} {self.letter_number}"
