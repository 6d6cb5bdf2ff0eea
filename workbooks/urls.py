from django.urls import path

from workbooks import plan_views, views

# The appendix download (appendix.xlsx, "appendix") is served by reports: config/urls.py adds it
# to this namespace (reports/appendix_urls.py).
app_name = "workbooks"

urlpatterns = [
    path("", views.index, name="index"),
    path("data.xlsx", views.data_workbook_download, name="data_workbook"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_job_page, name="import_job"),
    path("imports/<int:pk>/status.json", views.import_job_status, name="import_job_status"),
    path("imports/<int:pk>/confirm/", views.import_job_confirm_view, name="import_confirm"),
    path("imports/<int:pk>/discard/", views.import_job_discard_view, name="import_discard"),
    path("imports/<int:pk>/problems.xlsx", views.import_problems_download, name="import_problems"),
    path(
        "plans/<slug:slug>/definition.xlsx",
        plan_views.plan_definition_download,
        name="plan_definition",
    ),
    path("plans/import/", plan_views.plan_import, name="plan_import"),
    path(
        "plans/import/marked/<slug:token>.xlsx",
        plan_views.plan_import_marked,
        name="plan_import_marked",
    ),
]
