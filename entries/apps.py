from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EntriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entries"
    verbose_name = gettext_lazy("Result entry and review")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from entries.navigation import remember_navigation_roles

        user_logged_in.connect(remember_navigation_roles, dispatch_uid="entries_navigation_roles")
