import numpy as np
import pytest

from analysis.classify import (
    PRESETS,
    TextClassifier,
    compare_models,
    score,
    should_replace,
)
from analysis.features import FeatureConfig

from .conftest import make_texts


@pytest.fixture(scope="module")
def trained(topic_data):
    (texts, labels), _ = topic_data
    return TextClassifier().fit(texts, labels, version="test-1")


def test_it_learns_topics_well_above_chance(trained, topic_data):
    _, (texts, labels) = topic_data
    assert score(labels, trained.predict(texts))["macro_f1"] > 0.9  # chance is 0.2


def test_it_reads_text_without_diacritics(trained):
    assert trained.predict(["nguoi dan phan anh gia den bu giai phong mat bang qua thap"]) == ["gpmb"]


def test_it_gives_probabilities_that_sum_to_one(trained, topic_data):
    _, (texts, _) = topic_data
    p = trained.predict_proba(texts[:50])
    assert p.shape == (50, len(trained.classes_))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)


def test_it_is_calibrated_so_unsure_means_something(topic_data):
    # 30 % of labels are random: confidence should track accuracy, not sit at 100 %
    texts, labels = make_texts(800, seed=3, noise=0.3)
    test_texts, test_labels = make_texts(400, seed=4, noise=0.3)
    model = TextClassifier().fit(texts, labels)
    pairs = model.predict_with_confidence(test_texts)
    accuracy = np.mean([p == y for (p, _), y in zip(pairs, test_labels, strict=True)])
    mean_confidence = np.mean([c for _, c in pairs])
    assert abs(mean_confidence - accuracy) < 0.12


def test_it_saves_and_loads_a_versioned_file(trained, topic_data, tmp_path):
    _, (texts, _) = topic_data
    path = tmp_path / "model.joblib"
    trained.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.version == "test-1" and loaded.metadata["format"] == 1
    assert loaded.predict(texts) == trained.predict(texts)
    np.testing.assert_allclose(loaded.predict_proba(texts), trained.predict_proba(texts))


def test_it_refuses_a_file_that_is_not_a_model(tmp_path):
    import joblib

    joblib.dump({"something": 1}, tmp_path / "x.joblib")
    with pytest.raises(ValueError):
        TextClassifier.load(tmp_path / "x.joblib")


def test_it_handles_empty_huge_and_foreign_texts(trained):
    out = trained.predict(["", None, "bệnh viện " * 50000, "The hospital is crowded", "医院"])
    assert len(out) == 5 and all(label in trained.classes_ for label in out)


def test_it_needs_two_labels():
    with pytest.raises(ValueError):
        TextClassifier().fit(["a", "b"], ["x", "x"])


def test_it_trains_on_tiny_sets_without_a_dev_split():
    model = TextClassifier().fit(
        ["bệnh viện", "trường học", "bác sĩ", "giáo viên"], ["y_te", "giao_duc", "y_te", "giao_duc"]
    )
    assert model.predict(["bệnh viện bác sĩ"]) == ["y_te"]


def test_it_never_lets_a_worse_model_replace_a_better_one(trained, topic_data):
    (texts, _), (test_texts, test_labels) = topic_data
    shuffled = list(np.random.default_rng(0).permutation(trained.predict(texts)))
    worse = TextClassifier().fit(texts, shuffled)
    current, candidate, replace = compare_models(trained, worse, test_texts, test_labels)
    assert candidate["macro_f1"] < current["macro_f1"]
    assert replace is False
    _, _, replace_back = compare_models(worse, trained, test_texts, test_labels)
    assert replace_back is True


def test_it_keeps_the_current_model_on_ties_or_other_test_sets():
    current = {"macro_f1": 0.8, "n": 100}
    assert should_replace(current, {"macro_f1": 0.8, "n": 100}) is False
    assert should_replace(current, {"macro_f1": 0.9, "n": 50}) is False
    assert should_replace(current, {"macro_f1": 0.81, "n": 100}, min_gain=0.02) is False
    assert should_replace(None, {"macro_f1": 0.1, "n": 10}) is True


def test_one_text_at_a_time_gives_the_batch_answer(trained, topic_data):
    # the worker scores one signal at a time through a path without sparse matrices
    _, (texts, _) = topic_data
    batch = trained.predict_proba(texts[:40])
    one_by_one = np.vstack([trained.predict_proba([t]) for t in texts[:40]])
    np.testing.assert_allclose(one_by_one, batch, rtol=1e-4, atol=1e-5)
    assert [trained.predict_with_confidence([t])[0][0] for t in texts[:40]] == trained.predict(texts[:40])
    assert trained.predict_proba([]).shape == (0, len(trained.classes_))


@pytest.mark.parametrize("kind", ["svm", "lr", "nbsvm"])
def test_partial_class_weights_favour_a_rare_class_less_than_full_balancing(kind):
    # 1 text in 10 is about schools; full balancing finds more of them than none at all
    texts, labels = make_texts(1000, seed=5, noise=0.25)
    labels = ["giao_duc" if y == "giao_duc" else "khac" for y in labels]
    keep = [i for i, y in enumerate(labels) if y == "khac" or i % 3 == 0]
    texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
    test_texts, _ = make_texts(600, seed=6)
    found = {}
    for weight in (None, 0.5, "balanced"):
        model = TextClassifier(models=[(kind, 1.0, weight)], tune_offsets=False)
        model.fit(texts, labels)
        found[weight] = model.predict(test_texts).count("giao_duc")
        assert model.metadata["members"][0][1] == [kind, 1.0, weight]
    assert found[None] <= found[0.5] <= found["balanced"]
    assert found[None] < found["balanced"]


def test_a_given_dev_split_joins_the_training_set_only_when_asked(topic_data):
    (texts, labels), (dev_texts, dev_labels) = topic_data
    options = {"models": [("svm", 1.0, "balanced")], "tune_offsets": False}
    kept_apart = TextClassifier(**options).fit(texts, labels, dev_texts, dev_labels)
    refitted = TextClassifier(**options, refit=True).fit(texts, labels, dev_texts, dev_labels)
    assert kept_apart.metadata["refit"] is False
    assert kept_apart.metadata["n_train"] == len(texts)
    assert refitted.metadata["refit"] is True
    assert refitted.metadata["n_train"] == len(texts) + len(dev_texts)
    assert [c["dev_value"] for c in refitted.metadata["candidates"]]


def test_the_default_tries_every_preset_and_records_its_dev_value(trained):
    tried = trained.metadata["candidates"]
    assert len(tried) >= len(PRESETS["short"]["candidates"])
    assert all(0.0 <= c["dev_value"] <= 1.0 for c in tried)
    assert trained.metadata["members"] in [c["members"] for c in tried]


def test_without_a_dev_split_it_chooses_on_out_of_fold_scores_and_trains_on_everything(trained, topic_data):
    (texts, _), _ = topic_data
    assert trained.metadata["selection"] == "5-fold"
    assert trained.metadata["n_train"] == len(texts) and trained.metadata["refit"] is True
    # the kept configuration is the best out-of-fold estimate among those tried (ties: the first)
    values = [c["dev_value"] for c in trained.metadata["candidates"]]
    chosen = values[[c["members"] for c in trained.metadata["candidates"]].index(trained.metadata["members"])]
    assert chosen == max(values)
    # its out-of-fold report covers every training text
    assert trained.metadata["dev_scores"]["n"] == len(texts)


def test_out_of_fold_choice_prefers_the_informative_feature_block():
    # the same features, but one model is regularised into learning nothing (C = 1e-6): the
    # out-of-fold estimates must tell them apart and keep the one that learned
    texts, labels = make_texts(400, seed=11, noise=0.1)
    good = [(FeatureConfig(word_max_n=1, char_min_n=0, no_accent_max_n=0), ("svm", 1.0, None))]
    useless = [(FeatureConfig(word_max_n=1, char_min_n=0, no_accent_max_n=0), ("svm", 1e-6, None))]
    model = TextClassifier(tune_offsets=False, ensemble_top=1)
    model._candidates = lambda preset: [useless, good]
    model.fit(texts, labels)
    assert model.metadata["members"][0][1] == ["svm", 1.0, None]
    values = [c["dev_value"] for c in model.metadata["candidates"]]
    assert values[1] > values[0] + 0.3


def test_folds_shrink_to_the_rarest_class_and_vanish_below_two():
    texts, labels = make_texts(120, seed=12)
    rare = ["giao_duc" if y == "giao_duc" else "khac" for y in labels]
    idx = [i for i, y in enumerate(rare) if y == "khac"] + [i for i, y in enumerate(rare) if y == "giao_duc"][:3]
    model = TextClassifier().fit([texts[i] for i in idx], [rare[i] for i in idx])
    assert model.metadata["selection"] == "3-fold"
    idx = idx[:-2]  # one example of the rare class: no folds, no split
    model = TextClassifier().fit([texts[i] for i in idx], [rare[i] for i in idx])
    assert model.metadata["selection"] == "none"


def test_folds_can_be_switched_off_and_a_given_dev_split_is_used_as_is(topic_data):
    (texts, labels), (dev_texts, dev_labels) = topic_data
    single = TextClassifier(folds=0).fit(texts, labels)
    assert single.metadata["selection"] == "split" and single.metadata["n_train"] == len(texts)
    given = TextClassifier(models=[("svm", 1.0, "balanced")]).fit(texts, labels, dev_texts, dev_labels)
    assert given.metadata["selection"] == "dev"
