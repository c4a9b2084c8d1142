import branch.uploads
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meeting_sign_in"),
    ]

    # The attachment's folder now comes from its model (branch.uploads.attachment_path) and
    # gives the same paths as before; upload_to is not in the database, so no table is rebuilt
    # and every stored row and file stays as it is.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meetingattachment",
                    name="file",
                    field=models.FileField(
                        upload_to=branch.uploads.attachment_path, verbose_name="file"
                    ),
                ),
            ],
        ),
    ]
