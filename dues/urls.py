"""URLs of the dues app, all under ``/o/<org_code>/``."""

from dues.urls_dues import urlpatterns

app_name = "dues"
__all__ = ["app_name", "urlpatterns"]
