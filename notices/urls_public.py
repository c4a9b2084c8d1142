"""The branch's public page, ``/p/<org_code>/``: no login."""

from django.urls import path

from notices import views_public

app_name = "notices_public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("<int:pk>/", views_public.detail, name="detail"),
    path("<int:pk>/notice.pdf", views_public.pdf, name="pdf"),
    path("<int:pk>/attachments/<int:att_pk>/", views_public.attachment, name="attachment"),
]
