"""Large sets: the configuration is chosen on a subsample, within a memory budget, and the
result is the same on every run (same seed, same model)."""

import numpy as np

from analysis import features, selection
from analysis.classify import TextClassifier
from analysis.features import FeatureConfig, Featurizer, hash_blocks

from .conftest import make_texts


def test_large_sets_choose_on_a_subsample_and_fit_the_chosen_one_on_everything(monkeypatch):
    # 900 texts stand for a large set (at least LARGE texts: one held-out split, min_df 2); under
    # LARGE a forced subsample keeps the full selection's features and judging (out-of-fold)
    monkeypatch.setattr(selection, "LARGE", 800)
    texts, labels = make_texts(900, seed=21, noise=0.1)
    test_texts, test_labels = make_texts(300, seed=22)
    model = TextClassifier(select_on=400).fit(texts, labels)
    assert model.metadata["selection"].startswith("subsample (400 texts, 5-fold)")
    assert model.metadata["candidates"]  # what the subsample tried
    assert np.mean(np.array(model.predict(test_texts)) == np.array(test_labels)) > 0.9
    # the final fit drops n-grams seen in one text only
    assert all(m[0]["min_df"] >= 2 for m in model.metadata["members"])


def test_training_is_deterministic():
    texts, labels = make_texts(900, seed=23, noise=0.2)
    probe, _ = make_texts(100, seed=24)
    for options in ({"select_on": 400}, {"folds": 0}):
        first = TextClassifier(**options).fit(texts, labels)
        second = TextClassifier(**options).fit(texts, labels)
        assert first.metadata["members"] == second.metadata["members"]
        assert np.array_equal(first.predict_proba(probe), second.predict_proba(probe))


def test_candidates_over_the_memory_budget_are_not_tried_on_large_sets():
    texts, labels = make_texts(900, seed=25)
    # about 8 words a text: syllable 1-2-grams store ~15 values a text, char n-grams far more
    model = TextClassifier(select_on=400, max_nnz=900 * 20).fit(texts, labels)
    tried = model.metadata["candidates"]
    assert tried and all(m[0]["char_min_n"] == 0 for c in tried for m in c["members"])
    assert model.metadata["members"][0][0]["char_min_n"] == 0


def test_chunked_hashing_gives_the_same_matrices(monkeypatch):
    texts, _ = make_texts(50, seed=26)
    configs = [FeatureConfig(), FeatureConfig(word_max_n=2, char_min_n=0, no_accent_max_n=0)]
    whole = hash_blocks([Featurizer(c) for c in configs], texts)
    monkeypatch.setattr(features, "CHUNK", 7)
    chunked = hash_blocks([Featurizer(c) for c in configs], texts)
    for a, b in zip(whole, chunked, strict=True):
        assert (a != b).nnz == 0
    featurizer = Featurizer(configs[0]).fit(whole[0])
    monkeypatch.setattr(features, "CHUNK", 10_000)
    expected = featurizer.transform_hashed(whole[0])
    monkeypatch.setattr(features, "CHUNK", 7)
    assert abs(featurizer.transform_hashed(whole[0]) - expected).max() < 1e-6


def test_a_forced_subsample_under_large_only_shortlists():
    texts, labels = make_texts(900, seed=21, noise=0.1)
    model = TextClassifier(select_on=400, shortlist=3).fit(texts, labels)
    # the subsample tried every candidate; the whole set judged the three it shortlisted, out of fold
    assert model.metadata["selection"].startswith("subsample (400 texts, 5-fold) + 5-fold")  # noqa: E501
    assert all(m[0]["min_df"] == 1 for m in model.metadata["members"])
