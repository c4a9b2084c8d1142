"""URLs of the members app, all under ``/o/<org_code>/``."""

from members.urls_pipeline import urlpatterns as pipeline_urls
from members.urls_roster import urlpatterns as roster_urls

app_name = "members"
urlpatterns = roster_urls + pipeline_urls
