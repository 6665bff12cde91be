"""Small Vietnamese texts written for these tests (no external data)."""

import random

import pytest

TOPICS = {
    "dat_dai": "đất đai sổ đỏ quy hoạch thửa đất lấn chiếm giấy chứng nhận tranh chấp ranh giới",
    "gpmb": "bồi thường giải phóng mặt bằng tái định cư giá đền bù dự án thu hồi đất",
    "moi_truong": "môi trường rác thải ô nhiễm nước thải khói bụi mùi hôi xả thải",
    "giao_duc": "trường học giáo viên học sinh học phí lớp học sách giáo khoa",
    "y_te": "bệnh viện bác sĩ khám chữa bệnh bảo hiểm y tế thuốc men trạm y tế",
}
FILLER = "người dân phản ánh kiến nghị xã đề nghị cơ quan giải quyết sớm bức xúc nhiều lần".split()


def make_texts(n, seed=0, noise=0.0):
    """Texts of a few topic words plus filler; `noise` is the share of random labels."""
    rng = random.Random(seed)
    labels = sorted(TOPICS)
    texts, ys = [], []
    for _ in range(n):
        label = rng.choice(labels)
        words = rng.sample(TOPICS[label].split(), 3) + rng.sample(FILLER, 5)
        rng.shuffle(words)
        texts.append(" ".join(words))
        ys.append(rng.choice(labels) if rng.random() < noise else label)
    return texts, ys


@pytest.fixture(scope="session")
def topic_data():
    return make_texts(600, seed=1), make_texts(300, seed=2)
