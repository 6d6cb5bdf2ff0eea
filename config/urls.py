from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from config import accounts
from config.admin_site import brand
from indicators import urls as indicator_urls
from indicators import views as indicator_views
from reports import appendix_urls
from reports import indicator_urls as indicator_page_urls
from units.languages import choose_language
from workbooks import urls as workbook_urls

# The "indicators" namespace holds the plan page and the indicator page; the indicator page is
# served by reports because it also shows evaluation recommendations (reports/indicator_page.py).
indicator_patterns = [*indicator_urls.urlpatterns, *indicator_page_urls.urlpatterns]
# The "workbooks" namespace holds the workbook downloads and imports; the appendix download is
# served by reports, because its cover sheet is the plan's phase summary
# (reports/appendix_download.py).
workbook_patterns = [*workbook_urls.urlpatterns, *appendix_urls.urlpatterns]

# django.contrib.auth.urls, with the product's sign-in page and a password reset that is there only
# when the site can send e-mail (config/accounts.py).
account_patterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        accounts.when_reset_enabled(accounts.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        accounts.when_reset_enabled(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        accounts.when_reset_enabled(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        accounts.when_reset_enabled(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

brand(admin.site)

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("admin/", admin.site.urls),
    # The language switcher on every page posts here (templates/snippets/language_switch.html),
    # the sign-in page too: Django's own view, at django.conf.urls.i18n's address, open to
    # someone not signed in. It keeps the choice in the language cookie, and a signed-in
    # person's with them too (units/languages.py, docs/languages.md).
    path("i18n/setlang/", login_not_required(choose_language), name="set_language"),
    path("", include((indicator_patterns, indicator_urls.app_name))),
    path("scorecards/", include("reports.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("entries/", include("entries.urls")),
    path("workbooks/", include((workbook_patterns, workbook_urls.app_name))),
    path("units/", include("units.urls")),
]
