from django.urls import path

from entries.views import actions, batches, lists, results, years

app_name = "entries"

urlpatterns = [
    path("mine/", lists.my_indicators_page, name="my_indicators"),
    path("mine/drafts/", batches.drafts_page, name="drafts"),
    path("mine/drafts/submit/", batches.submit_drafts, name="submit_drafts"),
    path("review/", lists.review_queue_page, name="review_queue"),
    path("review/approve/", batches.approve_selected, name="approve_selected"),
    path("results/<int:target_pk>/<int:year>/", results.result_detail, name="result"),
    path("results/<int:target_pk>/<int:year>/edit/", results.result_edit, name="result_edit"),
    path(
        "results/<int:target_pk>/<int:year>/comments/",
        results.result_comment,
        name="result_comment",
    ),
    path(
        "results/<int:target_pk>/<int:year>/<slug:step>/", results.result_step, name="result_step"
    ),
    path("targets/<int:target_pk>/actions/new/", actions.action_new, name="action_new"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("years/", years.reporting_years_page, name="reporting_years"),
    path("years/<int:pk>/deadline/", years.reporting_year_deadline, name="year_deadline"),
    path("years/<int:pk>/reopen/", years.reporting_year_reopen, name="year_reopen"),
    path(
        "years/<int:pk>/reopened/<int:unit_pk>/withdraw/",
        years.reporting_year_withdraw,
        name="year_withdraw",
    ),
    path("years/<int:pk>/<slug:state>/", years.reporting_year_state, name="year_state"),
]
