"""The page editor's commune picker: ticks with a filter, not a raw list of 124 (issue 15 item 11)."""

import re

import pytest
from django.urls import reverse

from opinions.models import Area

pytestmark = pytest.mark.django_db


def test_the_article_editor_offers_communes_as_filterable_ticks(client, office_user, publish_article):
    article = publish_article("Tin có địa bàn", summary="Tóm tắt.")
    article.areas.add(Area.objects.get(code="22918"))
    article.save_revision().publish()
    client.force_login(office_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "data-commune-picker" in html and "js/commune-picker.js" in html and "css/commune-picker.css" in html
    assert html.count('class="commune-picker__item"') == Area.objects.count() > 124
    ticked = Area.objects.get(code="22918").pk
    assert re.search(rf'value="{ticked}" id="id_areas_\d+" checked>', html)
    assert html.count(" checked>") == 1
