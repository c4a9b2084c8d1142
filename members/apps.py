from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from members import cards, reminders

        cards.register()
        reminders.register()
        import members.workbook  # noqa: F401  (registers the 党员名册 and 支委会 sheets)
