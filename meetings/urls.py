"""URLs of the meetings app, all under ``/o/<org_code>/``."""

from meetings.urls_life import urlpatterns as life_urls
from meetings.urls_meetings import urlpatterns as meeting_urls

app_name = "meetings"
urlpatterns = meeting_urls + life_urls
