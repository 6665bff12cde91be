"""The copies of Wagtail templates that hard-code English are upstream + our replacements only."""

import i18n_templates


def test_it_keeps_each_override_equal_to_upstream_plus_its_replacements():
    assert i18n_templates.problems() == []


def test_it_notices_an_override_that_drifted_from_upstream(tmp_path):
    name = next(iter(i18n_templates.OVERRIDES))
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(i18n_templates.upstream(name), encoding="utf-8")  # English left in
    assert any(p.startswith(name) for p in i18n_templates.problems(tmp_path))


def test_it_translates_every_replaced_word_with_gettext():
    for replacements in i18n_templates.OVERRIDES.values():
        for old, new in replacements:
            assert old != new and ("{% trans" in new or "default_if_none" in new or "{% load i18n" in new)
