"""The indicator page's route, served by reports (reports/indicator_page.py).

config/urls.py adds it to the ``indicators`` namespace beside indicators/urls.py, so the page
keeps its address and its name ``indicators:indicator`` (Indicator.get_absolute_url).
"""

from django.urls import path

from reports.indicator_page import indicator_page

urlpatterns = [
    path("indicators/<int:pk>/", indicator_page, name="indicator"),
]
