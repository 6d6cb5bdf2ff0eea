from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = gettext_lazy("Custodian units and focal points")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from units.languages import read_preference_at_sign_in

        user_logged_in.connect(read_preference_at_sign_in, dispatch_uid="units_person_language")
