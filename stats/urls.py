"""URLs of the statistics under ``/o/<org_code>/``."""

from django.urls import path

from stats import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.StatsView.as_view(), name="index"),
    path("stats/branches.xlsx", views.BranchTableExportView.as_view(), name="export"),
]
