"""Published text is redacted again with the fuller redactor (licence plates, house
numbers, more forms of names, accounts and identity numbers)."""

from django.db import migrations


def redact_again(apps, schema_editor):
    from nghedan.petitions.actions.intake import PetitionerInfo, _public_text

    Petition = apps.get_model("petitions", "Petition")
    fields = ("id", "title", "body", "petitioner_name", "petitioner_phone", "petitioner_email")
    for petition in Petition.objects.only(*fields).iterator(chunk_size=500):
        petitioner = PetitionerInfo(
            name=petition.petitioner_name or "",
            phone=petition.petitioner_phone or "",
            email=petition.petitioner_email or "",
        )
        Petition.objects.filter(pk=petition.pk).update(
            public_title=_public_text(petition.title, petitioner)[:200],
            public_body=_public_text(petition.body, petitioner),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0006_topic_source"),
    ]

    operations = [migrations.RunPython(redact_again, migrations.RunPython.noop)]
