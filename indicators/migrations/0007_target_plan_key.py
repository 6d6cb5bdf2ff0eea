"""Each target carries its plan (its indicator's section's), indexed: a plan's targets are found
without going through indicators and sections."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_plans(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    Indicator = apps.get_model("indicators", "Indicator")
    plan_of = Indicator.objects.filter(pk=OuterRef("indicator_id")).values("section__plan_id")
    Target.objects.using(schema_editor.connection.alias).update(plan_id=Subquery(plan_of[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_plan_life_and_indicator_predecessor"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltarget",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="indicators.actionplan",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="plan",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="indicators.actionplan",
            ),
        ),
        migrations.RunPython(fill_plans, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="target",
            name="plan",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="indicators.actionplan",
            ),
        ),
    ]
