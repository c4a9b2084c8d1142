"""The Django admin for the site administrator. Roles are granted through the services so that
the permissions they imply and the audit log stay right; the audit log is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from branch import accounts, services
from branch.audit import Action, audit_record, snapshot
from branch.models import AuditEntry, Honor, Notification, Organization, PartyGroup, RoleAssignment
from branch.permissions import organization_of


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are written to the audit log like any other."""

    def _fields(self, obj) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = snapshot(type(obj).objects.get(pk=obj.pk), self._fields(obj))
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            organization=organization_of(obj),
            action=Action.UPDATE if change else Action.CREATE,
            obj=obj,
            before=before,
            after=snapshot(obj, self._fields(obj)),
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            organization=organization_of(obj),
            action=Action.DELETE,
            obj=obj,
            before=snapshot(obj, self._fields(obj)),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "unit"]


@admin.register(PartyGroup)
class PartyGroupAdmin(AuditedAdmin):
    list_display = ["name", "organization", "leader_name", "established_on", "dissolved_on"]
    list_select_related = ["organization"]


@admin.register(Honor)
class HonorAdmin(AuditedAdmin):
    list_display = ["title", "organization", "awarded_on", "issuer", "rank"]
    list_select_related = ["organization"]
    date_hierarchy = "awarded_on"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "granted_by", "granted_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organization", "granted_by"]
    fields = ["user", "organization", "role"]

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited in place

    def save_model(self, request, obj, form, change):
        created = services.role_grant(
            actor=request.user, org=obj.organization, user=obj.user, role=obj.role
        )
        obj.pk = created.pk

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("organization", "user"):
            services.role_revoke(actor=request.user, assignment=assignment)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "organization", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "organization", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    list_select_related = ["user"]


# Accounts: records point to the people who made them (payments recorded, entries in the log),
# so an account is deactivated, never deleted.

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Deactivate the chosen accounts (their records stay)"))
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            accounts.close(user, actor=request.user, org=None)
