from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Organisational life")

    def ready(self) -> None:
        from meetings import cards, reminders

        cards.register()
        reminders.register()
        import meetings.workbook  # noqa: F401  (registers the 会议活动 sheet)
