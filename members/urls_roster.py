"""URLs of the roster, the person record, the committee and transfers (under ``/o/<org_code>/``)."""

from django.urls import path

from members import views, views_accounts, views_committee, views_transfers

urlpatterns = [
    path("members/", views.RosterView.as_view(), name="index"),
    path("members/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("members/accounts/", views_accounts.AccountsView.as_view(), name="accounts"),
    path("members/transfer-in/", views_transfers.TransferInView.as_view(), name="transfer_in"),
    path("members/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("members/<int:pk>/photo/", views.PhotoView.as_view(), name="photo"),
    path("members/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("members/<int:pk>/status/", views.StatusChangeView.as_view(), name="status_change"),
    path("members/<int:pk>/group/", views.GroupAssignView.as_view(), name="group_assign"),
    path(
        "members/<int:pk>/transfer-out/",
        views_transfers.TransferOutView.as_view(),
        name="transfer_out",
    ),
    path("me/", views.MyProfileView.as_view(), name="me"),
    path("transfers/", views_transfers.TransferListView.as_view(), name="transfers"),
    path(
        "transfers/<int:transfer_pk>/return-slip/",
        views_transfers.ReturnSlipView.as_view(),
        name="return_slip",
    ),
    path("committee/", views_committee.CommitteeView.as_view(), name="committee"),
]
