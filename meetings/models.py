"""Organisational life: "三会一课" and the other meetings and activities, with attendance,
decisions and attachments; the branch's tightened frequency rules; talks (谈心谈话) and the
yearly democratic review (民主评议党员)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branch.constraints import FieldConstraintsMixin
from branch.models import Organization, PartyGroup
from branch.uploads import Attachment
from members.models import Person


class Kind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("branch general assembly")
    COMMITTEE_MEETING = "committee_meeting", _("committee meeting")
    GROUP_MEETING = "group_meeting", _("party group meeting")
    PARTY_LECTURE = "party_lecture", _("party lecture")
    THEME_DAY = "theme_day", _("theme party day")
    ORG_LIFE_MEETING = "org_life_meeting", _("organisational life meeting")
    STUDY_SESSION = "study_session", _("study session")
    VOLUNTEER = "volunteer", _("volunteer service")
    INTEGRITY = "integrity", _("integrity education")
    OTHER = "other", _("other activity")


class Meeting(FieldConstraintsMixin, models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    host = models.ForeignKey(
        Person,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorder = models.ForeignKey(
        Person,
        verbose_name=_("recorder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lecturer = models.ForeignKey(
        Person,
        verbose_name=_("lecturer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lectures",
    )
    lecturer_name = models.CharField(
        _("lecturer from outside"),
        max_length=60,
        blank=True,
        help_text=_("When the lecturer is not in the branch's records."),
    )
    lecture_title = models.CharField(_("title of the lecture"), max_length=200, blank=True)
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    minutes = models.TextField(_("minutes"), blank=True)
    documents_studied = models.TextField(_("documents studied"), blank=True)
    # Sign-in from a phone: open while ``sign_in_opened_at`` is set and ``sign_in_closed_at``
    # is not; reopening starts a new series of codes, so an old link stops working.
    sign_in_opened_at = models.DateTimeField(_("sign-in opened at"), null=True, blank=True)
    sign_in_closed_at = models.DateTimeField(_("sign-in closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting or activity")
        verbose_name_plural = _("meetings and activities")
        ordering = ["-held_on", "-starts_at", "-pk"]
        indexes = [models.Index(fields=["organization", "kind", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=Kind.GROUP_MEETING, party_group__isnull=False)
                | ~Q(kind=Kind.GROUP_MEETING),
                name="meetings_meeting_group_meeting_has_group",
                violation_error_message=_(
                    "Choose the party group that met: a party group meeting needs one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    @property
    def lecturer_display(self) -> str:
        return self.lecturer.name if self.lecturer else self.lecturer_name


class Attendance(FieldConstraintsMixin, models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        LEAVE = "leave", _("on leave")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )

    class Source(models.TextChoices):
        HAND = "hand", _("marked by hand")
        SELF = "self", _("signed in themselves")

    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    source = models.CharField(
        _("recorded"), max_length=10, choices=Source.choices, default=Source.HAND
    )
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__sort_key", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meetings_attendance_unique_person",
                violation_error_message=_("This person is already on the attendance list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"


class DecisionCategory(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary matter")
    MAJOR_DECISION = "major_decision", _("major decision (三重一大)")
    APPOINTMENT = "appointment", _("appointment of important cadres (三重一大)")
    MAJOR_PROJECT = "major_project", _("major project (三重一大)")
    LARGE_FUNDS = "large_funds", _("use of large funds (三重一大)")
    DEVELOPMENT = "development", _("development of members")
    OTHER = "other", _("other")


MAJOR_CATEGORIES = (
    DecisionCategory.MAJOR_DECISION,
    DecisionCategory.APPOINTMENT,
    DecisionCategory.MAJOR_PROJECT,
    DecisionCategory.LARGE_FUNDS,
)


class Decision(FieldConstraintsMixin, models.Model):
    """A 决议 put to the vote at an assembly or a committee meeting. ``entitled`` is how many
    could vote that day; it passes when "for" is more than half of them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=DecisionCategory.choices,
        default=DecisionCategory.ORDINARY,
    )
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    entitled = models.PositiveIntegerField(_("entitled to vote"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__lte=F("entitled") - F("votes_against") - F("abstentions")),
                name="meetings_decision_votes_within_entitled",
                violation_error_message=_(
                    "Votes for, against and abstentions together cannot exceed those entitled "
                    "to vote."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_major(self) -> bool:
        return self.category in MAJOR_CATEGORIES


class MeetingAttachment(Attachment):
    folder = "meetings"
    suffixes = {".pdf", ".jpg", ".jpeg", ".png", ".heic", ".doc", ".docx", ".ppt", ".pptx"}
    max_bytes = 20 * 1024 * 1024
    kinds = _("photos, PDF, Word and PowerPoint files")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")


class Period(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class BranchRule(FieldConstraintsMixin, models.Model):
    """A branch's own, stricter rule for a kind: e.g. a party lecture every month."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="meeting_rules",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("at least once a"), max_length=10, choices=Period.choices)
    times = models.PositiveSmallIntegerField(_("times per period"), default=1)

    class Meta:
        verbose_name = _("branch rule")
        verbose_name_plural = _("branch rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"],
                name="meetings_branchrule_one_per_kind",
                violation_error_message=_(
                    "The branch already has a rule for this kind of meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(times__gte=1),
                name="meetings_branchrule_times",
                violation_error_message=_("The number of times must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()}"


# Talks and the democratic review -------------------------------------------------------------


class TalkCategory(models.TextChoices):
    COMMITTEE_COMMITTEE = "committee_committee", _("between committee members")
    COMMITTEE_MEMBER = "committee_member", _("committee member with member")
    MEMBER_MEMBER = "member_member", _("between members")


class Talk(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="talks"
    )
    held_on = models.DateField(_("date"), db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=TalkCategory.choices)
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), related_name="talks"
    )
    topic = models.CharField(_("topic"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("heart-to-heart talk")
        verbose_name_plural = _("heart-to-heart talks")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    QUALIFIED = "qualified", _("qualified")
    BASIC = "basic", _("basically qualified")
    UNQUALIFIED = "unqualified", _("unqualified")


class Review(FieldConstraintsMixin, models.Model):
    """The democratic review of a branch's members for one year."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("organisational life meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalized_on = models.DateField(_("ratings decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("democratic review")
        verbose_name_plural = _("democratic reviews")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="meetings_review_one_per_year",
                violation_error_message=_(
                    "The branch already has a democratic review for that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class ReviewEntry(FieldConstraintsMixin, models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="reviews"
    )
    probationary = models.BooleanField(_("probationary member"), default=False)
    self_evaluation = models.TextField(_("self-evaluation"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)

    class Meta:
        verbose_name = _("review of a member")
        verbose_name_plural = _("reviews of members")
        ordering = ["review", "person__sort_key", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "person"],
                name="meetings_reviewentry_unique_person",
                violation_error_message=_("This person is already in the review."),
            ),
            # probationary members take part but are not rated
            models.CheckConstraint(
                condition=Q(probationary=False) | Q(rating=""),
                name="meetings_reviewentry_probationary_not_rated",
                violation_error_message=_(
                    "Probationary members take part in the review but are not rated."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_rating_display()}"
