"""The organisation domain: the tree of party organisations, party groups, honours,
roles granted on a node, the audit log and in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from branch.constraints import FieldConstraintsMixin


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Grassroots party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    BRANCH = "branch", _("Party branch")


class Organization(FieldConstraintsMixin, models.Model):
    """A node of the tree 基层党委 → 党总支 → 党支部.

    ``path`` holds the ids from the root down to this node (``/1/4/9/``), so "this node and
    everything below it" is one indexed prefix query.
    """

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short code used in addresses and commands, e.g. town-school."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    established_on = models.DateField(
        _("established on"),
        null=True,
        blank=True,
        help_text=_("Meetings are required from this day on; leave empty for long-standing ones."),
    )
    community_based = models.BooleanField(
        _("village or community organisation"),
        default=False,
        help_text=_("Village and community branches elect their committee for five years."),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        default_permissions = ("view",)
        permissions = [
            ("view_public", _("See the organisation's public items and one's own records")),
            ("log_records", _("Log meetings, talks, reviews, dues and development steps")),
            ("manage_organization", _("Edit the organisation, its party groups and honours")),
            ("manage_roles", _("Grant and revoke roles")),
            ("manage_structure", _("Create organisations below this one")),
            ("finalize_report", _("Finalise the annual duty report")),
            ("approve_higher", _("Approve steps that belong to the higher committee")),
            ("view_audit", _("See the audit log")),
            ("view_personal_data", _("See ID and phone numbers in full")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OrgKind]),
                name="branch_organization_kind_valid",
                violation_error_message=_("Choose a kind of organisation from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            Organization.objects.filter(pk=self.pk).update(path=path)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this node, this node included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def descendants(self, include_self: bool = True) -> models.QuerySet[Organization]:
        qs = Organization.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    @property
    def is_branch(self) -> bool:
        return self.kind == OrgKind.BRANCH


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("user permission on an organisation")


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group permission on an organisation")


class PartyGroup(FieldConstraintsMixin, models.Model):
    """A 党小组 inside a branch."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="party_groups",
    )
    name = models.CharField(_("name"), max_length=60)
    leader_name = models.CharField(_("group leader"), max_length=40, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="branch_partygroup_unique_name",
                violation_error_message=_("The branch already has a party group of this name."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="branch_partygroup_dissolved_after_established",
                violation_error_message=_("A group cannot be dissolved before it was set up."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Honor(models.Model):
    """A 荣誉 the organisation received."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="honors",
    )
    awarded_on = models.DateField(_("date awarded"))
    title = models.CharField(_("title"), max_length=120)
    issuer = models.CharField(_("awarded by"), max_length=100, blank=True)
    rank = models.CharField(
        _("rank"), max_length=40, blank=True, help_text=_("e.g. county level, first prize")
    )

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-awarded_on", "title"]

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    COMMITTEE = "committee", _("Committee member")
    MEMBER = "member", _("Member")
    HIGHER_ADMIN = "higher_admin", _("Higher committee administrator")


class RoleAssignment(FieldConstraintsMixin, models.Model):
    """A role held by a user on an organisation node.

    The role is the record a secretary manages; the object permissions it implies are kept in
    guardian's tables (``OrganizationUserObjectPermission``) by ``branch.services``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["organization__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                name="branch_roleassignment_unique",
                violation_error_message=_(
                    "This person already holds this role in this organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        person = self.user.get_full_name() or self.user.username
        return f"{person}（{self.get_role_display()}，{self.organization}）"


class AuditEntry(models.Model):
    """One write made through a service: who, when, on what, and what changed."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=20)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # the newest entry of each organisation, one index probe each (selectors.last_write)
            models.Index(fields=["organization", "id"], name="auditentry_org_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """``(field label, before, after)``, readable: see ``branch.audit``."""
        from branch.audit import readable_changes

        return readable_changes(self)


class Notification(FieldConstraintsMixin, models.Model):
    """An in-app notification. ``key`` identifies the reminder it came from, so a reminder
    that is still due on the next daily run does not notify the same person again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=10, default="info")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="branch_notification_unique_key",
                violation_error_message=_("This notification has already been sent."),
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class OneTimePassword(models.Model):
    """An account whose password was issued by someone else (the secretary, from the roster):
    its holder must choose their own at the next login. The row goes when they do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="one_time_password",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")

    def __str__(self) -> str:
        return str(self.user)
