from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchConfig(AppConfig):
    name = "branch"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from branch import checklist, dashboard, reminders, signals, workbook_honors

        reminders.register(reminders.branches_without_secretary)
        dashboard.register_card(dashboard.organization_card)
        dashboard.register_card(dashboard.structure_card)
        dashboard.register_card(dashboard.notifications_card)
        dashboard.register_card(dashboard.recent_changes_card)
        workbook_honors.register()
        checklist.register()
        signals.connect()
