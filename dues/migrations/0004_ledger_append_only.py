from django.db import migrations


def install(apps, schema_editor):
    from dues import ledger_lock

    ledger_lock.install(schema_editor)


def remove(apps, schema_editor):
    from dues import ledger_lock

    ledger_lock.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("dues", "0003_order_people_by_pinyin")]

    operations = [migrations.RunPython(install, remove)]
