"""The plan's own texts in French and Spanish: the reading rule (the reader's language, else the
text as written, and which it was), the working translations loaded with the 2018–21 plan, and
the write rules every door goes through (new words lose the old translations; a rewritten
translation is no longer the working one)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import plan_text
from custodians.roles import GEDI_REVIEWERS, ensure_role_groups
from indicators.formatting import target_text
from indicators.loading import DEFAULT_PLAN_FILE, load_plan, load_plan_document
from indicators.models import AcceleratingAction, Indicator, Section, Target
from indicators.plan_life import revise_target
from indicators.services import ActionEdit, action_write, actions_write
from indicators.working_translations import path_beside
from tests.factories import AcceleratingActionFactory, IndicatorFactory
from units.services import rename_unit

pytestmark = pytest.mark.django_db


def working() -> dict:
    return json.loads(path_beside(DEFAULT_PLAN_FILE).read_text(encoding="utf-8"))


def test_a_reader_sees_their_language_else_the_text_as_written_and_is_told_which():
    indicator = IndicatorFactory(
        text="Proportion of staff trained", text_fr="Proportion du personnel formé"
    )
    assert plan_text(indicator, language="fr") == plan_text(indicator, language="fr-ch")
    french = plan_text(indicator, language="fr")
    assert (french.text, french.language, french.fallback, french.unofficial) == (
        "Proportion du personnel formé",
        "fr",
        False,
        False,
    )
    spanish = plan_text(indicator, language="es")
    assert (spanish.text, spanish.language, spanish.fallback) == (
        "Proportion of staff trained",
        "en",
        True,
    )
    english = plan_text(indicator, language="en")
    assert (english.text, english.fallback) == ("Proportion of staff trained", False)
    with translation.override("fr"):
        assert str(plan_text(indicator)) == "Proportion du personnel formé"
        assert indicator.text == "Proportion of staff trained"  # the field stays as written

    indicator.unofficial_fr = True
    assert plan_text(indicator, language="fr").unofficial


def test_the_2018_21_plan_loads_with_its_working_translations_marked_as_such(ilo_plan):
    file = working()
    for model, key in ((Portfolio, "code"), (Region, "code")):
        kind = model._meta.verbose_name_plural.replace(" ", "_")
        for item in model.objects.all():
            versions = file[str(kind)][getattr(item, key)]
            assert (item.name_fr, item.name_es) == (versions["fr"], versions["es"])
            assert item.unofficial_fr and item.unofficial_es
    hrd = CustodianUnit.objects.get(acronym="HRD")
    assert hrd.name_fr == file["custodians"]["HRD"]["fr"] and hrd.unofficial_fr
    assert Section.objects.filter(plan=ilo_plan, title_es="", title_fr="").count() == 0
    indicators = Indicator.objects.filter(section__plan=ilo_plan)
    assert not indicators.filter(text_fr="").exists()
    assert not indicators.filter(unofficial_es=False).exists()
    assert not AcceleratingAction.objects.filter(target__plan=ilo_plan, text_es="").exists()

    # A target that is only its quantity keeps no translation: the product writes it.
    quantity = Target.objects.filter(plan=ilo_plan, text="37 per cent").first()
    assert (quantity.text_fr, quantity.unofficial_fr) == ("", False)
    with translation.override("fr"):
        assert target_text(quantity) == "37 pour cent"
    audit = Target.objects.get(plan=ilo_plan, text="Audit done")
    with translation.override("es"):
        assert target_text(audit) == file["targets"]["Audit done"]["es"]


def test_loading_the_plan_again_changes_nothing_and_keeps_a_translation_gedi_wrote(ilo_plan):
    hrd = CustodianUnit.objects.get(acronym="HRD")
    CustodianUnit.objects.filter(pk=hrd.pk).update(name_fr="Nom officiel", unofficial_fr=False)
    history = hrd.history.count()
    _, summary = load_plan()
    hrd.refresh_from_db()
    # The file's version fills only what is empty: GEDI's official text stays, unmarked.
    assert (hrd.name_fr, hrd.unofficial_fr) == ("Nom officiel", False)
    assert hrd.history.count() == history
    assert str(summary) == "nothing changed"


@pytest.fixture
def gedi():
    user = get_user_model().objects.create(username="texts-gedi")
    user.groups.add(ensure_role_groups()[GEDI_REVIEWERS])
    return user


def translated_action(**fields) -> AcceleratingAction:
    return AcceleratingActionFactory(
        text="Hold two sessions.",
        text_fr="Organiser deux sessions.",
        text_es="Organizar dos sesiones.",
        unofficial_fr=True,
        unofficial_es=True,
        **fields,
    )


def test_new_words_lose_the_translations_of_the_old_ones_on_every_write_path(gedi):
    one, many = translated_action(), translated_action()
    action_write(action=one, user=gedi, fields={"text": "Hold three sessions."})
    actions_write(
        edits=[ActionEdit(action=many, fields={"text": "Hold four sessions."})], user=gedi
    )
    for action in (one, many):
        action.refresh_from_db()
        assert (action.text_fr, action.text_es) == ("", "")
        assert not (action.unofficial_fr or action.unofficial_es)
        assert action.history.latest("history_date").text_fr == ""
        with translation.override("fr"):
            assert plan_text(action).fallback

    # A state change keeps them; new words keep the versions written anew with them, and lose
    # the others, which translated the old words.
    kept = translated_action()
    action_write(action=kept, user=gedi, fields={"state": "under_way"})
    action_write(
        action=kept,
        user=gedi,
        fields={"text": "Hold five sessions.", "text_fr": "Organiser cinq sessions."},
    )
    kept.refresh_from_db()
    assert (kept.text_fr, kept.text_es) == ("Organiser cinq sessions.", "")
    assert (kept.unofficial_fr, kept.unofficial_es) == (False, False)


def test_a_rewritten_translation_is_no_longer_the_working_one(gedi):
    action = translated_action()
    action_write(action=action, user=gedi, fields={"text_fr": "Tenir deux sessions."})
    action.refresh_from_db()
    assert (action.unofficial_fr, action.unofficial_es) == (False, True)
    # Unless whoever writes it says it still is.
    action_write(
        action=action,
        user=gedi,
        fields={"text_es": "Celebrar dos sesiones.", "unofficial_es": True},
    )
    action.refresh_from_db()
    assert action.unofficial_es


def test_a_revised_target_loses_the_translations_of_its_old_words(ilo_plan, gedi):
    target = Target.objects.get(plan=ilo_plan, text="Two meetings")
    assert target.text_fr
    revise_target(target, user=gedi, reason="Agreed with GEDI", value=Decimal("3"))
    target.refresh_from_db()
    assert target.text_fr  # same words: same translation
    revise_target(target, user=gedi, reason="Agreed with GEDI", text="Three meetings")
    target.refresh_from_db()
    assert (target.text_fr, target.text_es, target.unofficial_fr) == ("", "", False)


def test_a_renamed_unit_loses_the_translations_of_its_old_name(ilo_plan, gedi):
    hrd = CustodianUnit.objects.get(acronym="HRD")
    rename_unit(hrd, user=gedi, acronym="HRD/NEW")
    hrd.refresh_from_db()
    assert hrd.name_fr  # a new acronym: the name and its translations stay
    rename_unit(hrd, user=gedi, name="People and Culture Department")
    hrd.refresh_from_db()
    assert (hrd.name_fr, hrd.name_es, hrd.unofficial_es) == ("", "", False)
    with translation.override("es"):
        assert plan_text(hrd).text == "People and Culture Department"


def test_versions_are_settled_as_the_text_is_so_an_unchanged_workbook_changes_nothing(gedi):
    action = translated_action()
    action_write(action=action, user=gedi, fields={"text_fr": "  Ligne 1\r\nLigne 2 "})
    action.refresh_from_db()
    assert action.text_fr == "Ligne 1\nLigne 2"
    version = action.version
    outcome = action_write(action=action, user=gedi, fields={"text_fr": "Ligne 1\nLigne 2"})
    assert (
        outcome.changed_fields == ()
        and AcceleratingAction.objects.get(pk=action.pk).version == version
    )


def test_a_plan_document_gives_translations_as_gedi_means_them(ilo_plan):
    """Through a plan definition workbook: a version marked as working replaces the Office's
    (GEDI says so); new words lose the versions not given anew."""
    hrd = CustodianUnit.objects.get(acronym="HRD")
    CustodianUnit.objects.filter(pk=hrd.pk).update(name_fr="Nom officiel", unofficial_fr=False)
    document = json.loads(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    unit = next(item for item in document["custodians"] if item["acronym"] == "HRD")
    unit.update(name_fr="Nom de travail", unofficial_fr=True)
    load_plan_document(document)
    hrd.refresh_from_db()
    assert (hrd.name_fr, hrd.unofficial_fr) == ("Nom de travail", True)

    section = document["sections"][0]
    section.update(title="Managing for results", title_es="Gestión orientada a resultados")
    load_plan_document(document)
    renamed = Section.objects.get(plan=ilo_plan, title="Managing for results")
    assert (renamed.title_fr, renamed.title_es) == ("", "Gestión orientada a resultados")
