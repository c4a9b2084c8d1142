"""URLs of the development pipeline (under ``/o/<org_code>/``)."""

from django.urls import path

from members import views_pipeline

urlpatterns = [
    path("pipeline/", views_pipeline.PipelineBoardView.as_view(), name="pipeline"),
    path(
        "members/<int:pk>/steps/new/",
        views_pipeline.StepRecordView.as_view(),
        name="step_record",
    ),
    path(
        "members/<int:pk>/steps/<int:step_pk>/files/<int:att_pk>/",
        views_pipeline.StepAttachmentView.as_view(),
        name="step_attachment",
    ),
]
