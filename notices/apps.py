from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Public affairs")

    def ready(self) -> None:
        from branch import step_checks
        from notices import checks

        step_checks.register(checks.candidate_notice_served)
