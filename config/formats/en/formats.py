"""English in British form, as the ILO writes it ("25 Oct 2006"), the product's English before
it had other languages (LANGUAGE_CODE "en-gb"). French and Spanish use Django's own formats."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - the whole module, as Django's are read
