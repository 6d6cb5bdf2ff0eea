"""The appendix download's route, served by reports (reports/appendix_download.py).

config/urls.py adds it to the ``workbooks`` namespace beside workbooks/urls.py, so the download
keeps its address (/workbooks/appendix.xlsx) and its name ``workbooks:appendix``.
"""

from django.urls import path

from reports.appendix_download import appendix_download

urlpatterns = [
    path("appendix.xlsx", appendix_download, name="appendix"),
]
