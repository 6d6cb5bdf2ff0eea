from django.urls import path

from indicators import views

# config/urls.py adds the indicator page ("indicator", reports/indicator_urls.py) to this
# namespace: the page shows evaluation recommendations, which indicators must not import.
app_name = "indicators"

urlpatterns = [
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
]
