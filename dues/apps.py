from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Dues")

    def ready(self) -> None:
        from dues import cards, reminders

        cards.register()
        reminders.register()
        import dues.workbook  # noqa: F401  (registers the 党费 sheet)
