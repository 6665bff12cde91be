"""The access log is kept (it is the evidence of who saw whose data): it has no retention rule."""

from django.db import migrations, models


def drop_access_log_rules(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(kind="access_logs").delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(drop_access_log_rules, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="retentionrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("closed_case_contacts", "Thông tin liên hệ trong vụ việc đã đóng"),
                    ("attachments", "Tệp đính kèm của vụ việc đã đóng"),
                    ("online_text", "Toàn văn tin, bài trực tuyến"),
                    ("survey_contacts", "Thông tin liên hệ trong phiếu khảo sát"),
                    ("request_files", "Hồ sơ yêu cầu đã hoàn thành (mã xác minh, liên hệ che)"),
                ],
                max_length=30,
                unique=True,
                verbose_name="loại dữ liệu",
            ),
        ),
    ]
