"""URLs of talks and the democratic review, under ``/o/<org_code>/``."""

from __future__ import annotations

from django.urls import path

from meetings import views_life

urlpatterns = [
    path("talks/", views_life.TalkListView.as_view(), name="talks"),
    path("talks/new/", views_life.TalkCreateView.as_view(), name="talk_create"),
    path("reviews/", views_life.ReviewListView.as_view(), name="reviews"),
    path("reviews/new/", views_life.ReviewOpenView.as_view(), name="review_open"),
    path("reviews/<int:year>/", views_life.ReviewDetailView.as_view(), name="review"),
    path(
        "reviews/<int:year>/finalize/",
        views_life.ReviewFinalizeView.as_view(),
        name="review_finalize",
    ),
    path("my-review/", views_life.MyReviewView.as_view(), name="my_review"),
]
