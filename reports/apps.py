from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Duty report")

    def ready(self) -> None:
        from reports import cards

        cards.register()
