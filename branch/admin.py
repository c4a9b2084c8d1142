"""The Django admin for the site administrator. Roles are granted through the services so that
the permissions they imply and the audit log stay right; the audit log is read-only."""

from __future__ import annotations

from django.contrib import admin

from branch import services
from branch.models import AuditEntry, Honor, Notification, Organization, PartyGroup, RoleAssignment


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "unit"]


@admin.register(PartyGroup)
class PartyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "leader_name", "established_on", "dissolved_on"]
    list_select_related = ["organization"]


@admin.register(Honor)
class HonorAdmin(admin.ModelAdmin):
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
