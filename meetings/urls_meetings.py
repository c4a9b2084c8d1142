"""URLs of meetings, attendance, decisions, attachments and the calendar (under
``/o/<org_code>/``)."""

from django.urls import path

from meetings import views, views_calendar, views_log, views_signin

urlpatterns = [
    path("meetings/", views.MeetingIndexView.as_view(), name="index"),
    path("meetings/new/", views_log.MeetingCreateView.as_view(), name="create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("meetings/<int:pk>/edit/", views_log.MeetingUpdateView.as_view(), name="update"),
    path("meetings/<int:pk>/attendance/", views_log.AttendanceView.as_view(), name="attendance"),
    path(
        "meetings/<int:pk>/decisions/new/",
        views_log.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "meetings/<int:pk>/attachments/new/",
        views_log.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path(
        "meetings/<int:pk>/attachments/<int:att_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "meetings/<int:pk>/sign-in/",
        views_signin.SignInScreenView.as_view(),
        name="sign_in_screen",
    ),
    path(
        "meetings/<int:pk>/sign-in/live/",
        views_signin.SignInLiveView.as_view(),
        name="sign_in_live",
    ),
    path("sign-in/<str:token>/", views_signin.SignInView.as_view(), name="sign_in"),
    path("calendar/", views_calendar.CalendarView.as_view(), name="calendar"),
    path("my-meetings/", views.MyMeetingsView.as_view(), name="mine"),
]
