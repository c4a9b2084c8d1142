"""The ledger in the admin: readable, never editable (DESIGN: append-only)."""

from __future__ import annotations

from django.contrib import admin

from dues.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["receipt", "person", "organization", "month", "amount", "kind", "paid_on"]
    list_filter = ["kind", "method"]
    list_select_related = ["person", "organization"]
    search_fields = ["receipt", "person__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
