from django.contrib import admin
from django.urls import include, path

from indicators import views as indicator_views

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("indicators.urls")),
    path("scorecards/", include("reports.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("entries/", include("entries.urls")),
    path("workbooks/", include("workbooks.urls")),
]
