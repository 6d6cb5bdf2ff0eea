from django.apps import AppConfig


class WorkbooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workbooks"
    verbose_name = "Workbooks (Excel export and import)"
