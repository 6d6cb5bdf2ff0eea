from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("indicators/<int:pk>/", views.indicator_page, name="indicator"),
]
