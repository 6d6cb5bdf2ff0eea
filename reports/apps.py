from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = gettext_lazy("Reports and scorecards")

    def ready(self) -> None:
        # After every migrate, since a migration that rebuilds a table drops its triggers.
        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(using: str, **kwargs: object) -> None:
    from reports.data_stamp import install_triggers

    install_triggers(using)
