from django.urls import path

from entries import views

app_name = "entries"

urlpatterns = [
    path("mine/", views.my_indicators_page, name="my_indicators"),
    path("review/", views.review_queue_page, name="review_queue"),
    path("results/<int:target_pk>/<int:year>/", views.result_detail, name="result"),
    path("results/<int:target_pk>/<int:year>/edit/", views.result_edit, name="result_edit"),
    path(
        "results/<int:target_pk>/<int:year>/comments/",
        views.result_comment,
        name="result_comment",
    ),
    path("results/<int:target_pk>/<int:year>/<slug:step>/", views.result_step, name="result_step"),
    path("targets/<int:target_pk>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("years/", views.reporting_years_page, name="reporting_years"),
    path("years/<int:pk>/deadline/", views.reporting_year_deadline, name="year_deadline"),
    path("years/<int:pk>/reopen/", views.reporting_year_reopen, name="year_reopen"),
    path(
        "years/<int:pk>/reopened/<int:unit_pk>/withdraw/",
        views.reporting_year_withdraw,
        name="year_withdraw",
    ),
    path("years/<int:pk>/<slug:state>/", views.reporting_year_state, name="year_state"),
]
