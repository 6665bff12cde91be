"""docs/glossary.md stays in step with the code: each model it names exists, and each model of the
domain's apps is named in it (with its Vietnamese term)."""

import re
from pathlib import Path

from django.apps import apps

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"
DOMAIN_APPS = ("opinions", "news", "reports", "monitoring", "surveys", "privacy")
# Models that hold machinery, not domain words (their docstrings still start with a Vietnamese term).
NOT_DOMAIN_WORDS = {"ArticlePageTag", "ApiSubmission", "SearchDocument", "PendingUpdate", "ImportJob", "ExportLog"}


def glossary_identifiers():
    rows = [line for line in GLOSSARY.read_text().splitlines() if line.startswith("|")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Za-z]+)`", row)}


def test_every_model_named_in_the_glossary_exists():
    models = {model.__name__ for model in apps.get_models()}
    missing = {name for name in glossary_identifiers() if name not in models}
    assert not missing


def test_every_model_docstring_starts_with_its_vietnamese_term():
    for model in apps.get_models():
        if model._meta.app_label not in DOMAIN_APPS:
            continue
        first_line = (model.__doc__ or "").strip().splitlines()[0]
        assert not first_line.startswith(model.__name__ + "("), f"{model.__name__} has no docstring"
        assert re.search(r"[ạ-ỹĐđàáâãèéêìíòóôõùúýăư]", first_line, re.IGNORECASE), model.__name__
