"""URLs of 党务公开 under ``/o/<org_code>/``."""

from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.NoticeIndexView.as_view(), name="index"),
    path("notices/new/", views.NoticeCreateView.as_view(), name="create"),
    path("notices/propose/", views.NoticeProposeView.as_view(), name="propose"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="detail"),
    path("notices/<int:pk>/edit/", views.NoticeUpdateView.as_view(), name="update"),
    path("notices/<int:pk>/publish/", views.NoticePublishView.as_view(), name="publish"),
    path("notices/<int:pk>/withdraw/", views.NoticeWithdrawView.as_view(), name="withdraw"),
    path("notices/<int:pk>/notice.pdf", views.NoticePdfView.as_view(), name="pdf"),
    path(
        "notices/<int:pk>/attachments/<int:att_pk>/",
        views.NoticeAttachmentView.as_view(),
        name="attachment",
    ),
]
