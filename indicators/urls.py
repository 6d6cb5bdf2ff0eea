from django.urls import path

from indicators import plan_views, views

# config/urls.py adds the indicator page ("indicator", reports/indicator_urls.py) to this
# namespace: the page shows evaluation recommendations, which indicators must not import.
app_name = "indicators"

urlpatterns = [
    path("plans/", plan_views.plans_page, name="plans"),
    path("plans/start/", plan_views.plan_start, name="plan_start"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:slug>/state/", plan_views.plan_move, name="plan_move"),
]
