from django.contrib import admin
from django.urls import include, path

from indicators import urls as indicator_urls
from indicators import views as indicator_views
from reports import indicator_urls as indicator_page_urls

# The "indicators" namespace holds the plan page and the indicator page; the indicator page is
# served by reports because it also shows evaluation recommendations (reports/indicator_page.py).
indicator_patterns = [*indicator_urls.urlpatterns, *indicator_page_urls.urlpatterns]

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include((indicator_patterns, indicator_urls.app_name))),
    path("scorecards/", include("reports.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("entries/", include("entries.urls")),
    path("workbooks/", include("workbooks.urls")),
]
