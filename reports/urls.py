from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.plan_scorecard, name="plan"),
    path("<slug:slug>/scorecard.json", views.scorecard_json, name="json"),
    path("<slug:slug>/phases/", views.phase_summary_page, name="phases"),
    path("<slug:slug>/phases.json", views.phase_summary_json, name="phases_json"),
    path("<slug:slug>/portfolios/<slug:code>/", views.portfolio_scorecard, name="portfolio"),
    path(
        "<slug:slug>/portfolios/<slug:code>/one-page/",
        views.portfolio_one_page,
        name="portfolio_one_page",
    ),
    path("<slug:slug>/regions/<slug:code>/", views.region_scorecard, name="region"),
    path("<slug:slug>/custodians/<slug:unit>/", views.custodian_scorecard, name="custodian"),
]
