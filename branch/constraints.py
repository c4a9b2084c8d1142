"""Database constraints as a user sees them: each one carries its own message
(``violation_error_message``) and belongs to the form field it is about.

``FieldConstraintsMixin`` puts a constraint's message on that field, so a form shows
"choose the party group" under the party group and not ``__all__：约束 “…” 是无效的``.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

# constraint name -> the field its message belongs to (None: the record as a whole)
CONSTRAINT_FIELDS: dict[str, str | None] = {
    "branch_organization_kind_valid": "kind",
    "branch_partygroup_unique_name": "name",
    "branch_partygroup_dissolved_after_established": "dissolved_on",
    "branch_roleassignment_unique": "role",
    "branch_notification_unique_key": None,
    "dues_base_one_per_year": "year",
    "dues_base_amount_not_negative": "monthly_amount",
    "dues_base_reduction_approved": "reduction_reason",
    "dues_exemption_order": "last_month",
    "dues_charge_one_per_month": "month",
    "dues_charge_month_first_day": "month",
    "dues_payment_one_per_month": "month",
    "dues_payment_month_first_day": "month",
    "dues_payment_reversal_shape": "amount",
    "dues_receipt_counter": "year",
    "meetings_meeting_group_meeting_has_group": "party_group",
    "meetings_attendance_unique_person": "person",
    "meetings_decision_votes_within_entitled": "votes_for",
    "meetings_branchrule_one_per_kind": "kind",
    "meetings_branchrule_times": "times",
    "meetings_review_one_per_year": "year",
    "meetings_reviewentry_unique_person": "person",
    "meetings_reviewentry_probationary_not_rated": "rating",
    "members_person_unique_id_number": "id_number",
    "members_statuschange_one_per_day": "effective_on",
    "members_statuschange_value_valid": "value",
    "members_membership_left_after_joined": "left_on",
    "members_groupmembership_left_after_joined": "left_on",
    "members_committeeterm_ends_after": "ends_on",
    "members_committeepost_ended_after_started": "ended_on",
    "members_developmentstep_unique_cycle": "number",
    "members_developmentstep_number": "number",
    "reports_report_unique_version": None,
    "reports_report_one_draft": "year",
    "reports_report_final_has_snapshot": None,
}


def constraint_field(constraint: models.BaseConstraint) -> str | None:
    return CONSTRAINT_FIELDS.get(constraint.name)


class FieldConstraintsMixin:
    """Moves each constraint's message from the record as a whole onto its field."""

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            by_message = {
                str(c.get_violation_error_message()): constraint_field(c)
                for c in self._meta.constraints
            }
            for error in general:
                for message in ValidationError(error).messages:
                    field = by_message.get(message) or NON_FIELD_ERRORS
                    errors.setdefault(field, []).append(ValidationError(message))
            raise ValidationError(errors) from None
