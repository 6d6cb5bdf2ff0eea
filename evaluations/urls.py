from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("by/<slug:grouping>/", views.tracker, name="tracker_by"),
    path("tracker.xlsx", views.tracker_export, name="export"),
    path("recommendations/<int:pk>/", views.recommendation_page, name="recommendation"),
    path(
        "recommendations/<int:pk>/follow-up/<int:year>/",
        views.follow_up_edit,
        name="follow_up",
    ),
    path("<slug:slug>/", views.evaluation_page, name="evaluation"),
]
