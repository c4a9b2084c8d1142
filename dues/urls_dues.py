"""URLs of the dues pages (under ``/o/<org_code>/``). No URL edits or deletes a ledger
entry: a mistake is corrected by a reversal, which adds one."""

from django.urls import path

from dues import views, views_account, views_bases, views_exports

urlpatterns = [
    path("dues/", views.IndexView.as_view(), name="index"),
    path("dues/<int:year>-<int:month>/", views.MonthView.as_view(), name="month"),
    path(
        "dues/<int:year>-<int:month>.xlsx",
        views_exports.MonthExportView.as_view(),
        name="month_xlsx",
    ),
    path("dues/bases/<int:year>/", views_bases.BasesView.as_view(), name="bases"),
    path("dues/calculator/", views.CalculatorView.as_view(), name="calculator"),
    path("dues/mine/", views_account.MyAccountView.as_view(), name="mine"),
    path(
        "dues/people/<int:person_pk>/",
        views_account.PersonAccountView.as_view(),
        name="person",
    ),
    path(
        "dues/people/<int:person_pk>/pay/",
        views_account.PaymentRecordView.as_view(),
        name="person_pay",
    ),
    path(
        "dues/people/<int:person_pk>/extra/",
        views_account.ExtraPaymentView.as_view(),
        name="person_extra",
    ),
    path(
        "dues/people/<int:person_pk>/exemption/",
        views_account.ExemptionAddView.as_view(),
        name="person_exemption",
    ),
    path(
        "dues/people/<int:person_pk>/arrears-note/",
        views_account.ArrearsNoteAddView.as_view(),
        name="person_arrears_note",
    ),
    path(
        "dues/people/<int:person_pk>/entries/<int:payment_pk>/reverse/",
        views_account.PaymentReverseView.as_view(),
        name="payment_reverse",
    ),
    path("dues/summary/<int:year>/", views.SummaryView.as_view(), name="summary"),
    path(
        "dues/summary/<int:year>.xlsx",
        views_exports.SummaryExportView.as_view(),
        name="summary_xlsx",
    ),
    path("dues/notice/<int:year>/", views.NoticeView.as_view(), name="notice"),
    path(
        "dues/notice/<int:year>.xlsx",
        views_exports.NoticeExportView.as_view(),
        name="notice_xlsx",
    ),
]
