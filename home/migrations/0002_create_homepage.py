from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's own first migration creates a "Welcome" page: replace it with ours.
    Page.objects.filter(id=2, slug="home").delete()
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale = Locale.objects.first()
    homepage = HomePage.objects.create(
        title="Lắng Nghe – Cổng tiếp nhận ý kiến tỉnh Lâm Đồng",
        draft_title="Lắng Nghe – Cổng tiếp nhận ý kiến tỉnh Lâm Đồng",
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": homepage, "site_name": "Lắng Nghe"},
    )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="home").delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
