from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from branch import views, views_auth, views_setup, views_workbook
from branch.health import healthz

app_urls = (
    [
        path("notifications/", views.NotificationListView.as_view(), name="notifications"),
        path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
        path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
        path("o/<slug:org_code>/", views.DashboardView.as_view(), name="dashboard"),
        path("o/<slug:org_code>/settings/", views.SettingsView.as_view(), name="settings"),
        path(
            "o/<slug:org_code>/settings/new-organisation/",
            views.OrganizationCreateView.as_view(),
            name="organization_create",
        ),
        path(
            "o/<slug:org_code>/groups/new/",
            views.PartyGroupCreateView.as_view(),
            name="group_create",
        ),
        path(
            "o/<slug:org_code>/groups/<int:pk>/edit/",
            views.PartyGroupUpdateView.as_view(),
            name="group_update",
        ),
        path("o/<slug:org_code>/honors/", views.HonorListView.as_view(), name="honors"),
        path("o/<slug:org_code>/honors/new/", views.HonorCreateView.as_view(), name="honor_create"),
        path(
            "o/<slug:org_code>/honors/<int:pk>/edit/",
            views.HonorUpdateView.as_view(),
            name="honor_update",
        ),
        path(
            "o/<slug:org_code>/honors/<int:pk>/delete/",
            views.HonorDeleteView.as_view(),
            name="honor_delete",
        ),
        path("o/<slug:org_code>/roles/", views.RoleListView.as_view(), name="roles"),
        path(
            "o/<slug:org_code>/roles/<int:pk>/revoke/",
            views.RoleRevokeView.as_view(),
            name="role_revoke",
        ),
        path(
            "o/<slug:org_code>/roles/<int:pk>/close-account/",
            views.AccountCloseView.as_view(),
            name="account_close",
        ),
        path("o/<slug:org_code>/audit/", views.AuditLogView.as_view(), name="audit"),
        path(
            "o/<slug:org_code>/import/",
            views_workbook.WorkbookImportView.as_view(),
            name="import",
        ),
        path(
            "o/<slug:org_code>/import/confirm/",
            views_workbook.WorkbookConfirmView.as_view(),
            name="import_confirm",
        ),
        path(
            "o/<slug:org_code>/import/template.xlsx",
            views_workbook.WorkbookTemplateView.as_view(),
            name="import_template",
        ),
        path(
            "o/<slug:org_code>/export.xlsx",
            views_workbook.WorkbookExportView.as_view(),
            name="export",
        ),
    ],
    "branch",
)

# Django's account views name the site after the request's host; ours is called SITE_NAME.
ACCOUNT_PAGES = {"extra_context": {"site_name": settings.SITE_NAME}}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("setup/", views_setup.first_run, name="first_run"),
    path("accounts/login/", auth_views.LoginView.as_view(**ACCOUNT_PAGES), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        views_auth.PasswordChangeView.as_view(**ACCOUNT_PAGES),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(**ACCOUNT_PAGES),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views_auth.PasswordResetView.as_view(**ACCOUNT_PAGES),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(**ACCOUNT_PAGES),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(**ACCOUNT_PAGES),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(**ACCOUNT_PAGES),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include(app_urls)),
    path("o/<slug:org_code>/", include("members.urls")),
    path("o/<slug:org_code>/", include("meetings.urls")),
    path("o/<slug:org_code>/", include("dues.urls")),
    path("o/<slug:org_code>/", include("reports.urls")),
    path("o/<slug:org_code>/", include("notices.urls")),
    path("o/<slug:org_code>/", include("stats.urls")),
    path("p/<slug:org_code>/", include("notices.urls_public")),
]
