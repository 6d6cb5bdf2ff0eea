from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CustodiansConfig(AppConfig):
    name = "custodians"
    verbose_name = gettext_lazy("Custodians")
