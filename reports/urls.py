"""URLs of the annual duty report, all under ``/o/<org_code>/``."""

from __future__ import annotations

from django.urls import path

from reports import views, views_edit, views_jobs

app_name = "reports"

VERSION = "reports/<int:year>/v<int:version>/"

urlpatterns = [
    path("reports/", views.IndexView.as_view(), name="index"),
    path("reports/<int:year>/", views.EditorView.as_view(), name="editor"),
    path(
        VERSION + "sections/<slug:key>/",
        views_edit.SectionSaveView.as_view(),
        name="section_save",
    ),
    path(VERSION + "problems/", views_edit.ProblemsSaveView.as_view(), name="problems_save"),
    path(VERSION + "finalize/", views_edit.FinalizeView.as_view(), name="finalize"),
    path(VERSION + "reopen/", views_edit.ReopenView.as_view(), name="reopen"),
    path(VERSION + "preview/", views_jobs.PreviewView.as_view(), name="preview"),
    path(VERSION + "render/", views_jobs.RenderView.as_view(), name="render"),
    path("reports/jobs/<int:job_pk>/", views_jobs.JobView.as_view(), name="job"),
    path("reports/jobs/<int:job_pk>/file/", views_jobs.DownloadView.as_view(), name="download"),
]
