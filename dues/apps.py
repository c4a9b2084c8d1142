from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Dues")

    def ready(self) -> None:
        from dues import cards, reminders

        cards.register()
        reminders.register()
