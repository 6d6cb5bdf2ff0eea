from django.apps import AppConfig


class CustodiansConfig(AppConfig):
    name = "custodians"
    verbose_name = "Custodians"
