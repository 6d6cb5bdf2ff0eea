from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = gettext_lazy("Action plans and indicators")
