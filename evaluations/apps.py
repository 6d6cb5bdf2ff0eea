from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = gettext_lazy("Evaluation recommendations")
