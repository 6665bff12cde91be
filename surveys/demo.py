"""Demo data of surveys: one open survey on online public services with 300 generated responses,
raked to the 2019 census margins, so that `make run` shows results at /admin/khao-sat/."""

import random

from django.db import transaction
from django.utils import timezone

from opinions.models import Area

from .census import census_margins
from .models import Invitation, Response, Survey
from .schema import build, questions
from .services import create_survey, open_survey

FORM_ID = "demo_dich_vu_cong_2026"
LIKERT = [
    {"name": "1", "label": "Rất không hài lòng", "label_en": "Very dissatisfied"},
    {"name": "2", "label": "Không hài lòng", "label_en": "Dissatisfied"},
    {"name": "3", "label": "Bình thường", "label_en": "Neutral"},
    {"name": "4", "label": "Hài lòng", "label_en": "Satisfied"},
    {"name": "5", "label": "Rất hài lòng", "label_en": "Very satisfied"},
]
DEFINITION = {
    "title": "Khảo sát mức độ hài lòng với dịch vụ công trực tuyến năm 2026",
    "title_en": "Satisfaction with online public services 2026",
    "form_id": FORM_ID,
    "sections": [
        {
            "name": "chung",
            "title": "Thông tin người trả lời",
            "questions": [
                {
                    "type": "select_one",
                    "name": "gioi_tinh",
                    "label": "Giới tính",
                    "required": True,
                    "choices": [{"name": "nam", "label": "Nam"}, {"name": "nu", "label": "Nữ"}],
                },
                {
                    "type": "integer",
                    "name": "tuoi",
                    "label": "Tuổi",
                    "required": True,
                    "constraint": ". >= 16 and . <= 100",
                    "constraint_message": "Tuổi phải từ 16 đến 100.",
                },
                {
                    "type": "select_one",
                    "name": "khu_vuc",
                    "label": "Nơi ở",
                    "required": True,
                    "choices": [{"name": "tt", "label": "Thành thị"}, {"name": "nt", "label": "Nông thôn"}],
                },
                {"type": "commune", "name": "xa", "label": "Xã, phường, đặc khu nơi ở"},
                {
                    "type": "select_one",
                    "name": "da_dung",
                    "label": "Trong 12 tháng qua, anh, chị đã dùng dịch vụ công trực tuyến chưa?",
                    "required": True,
                    "choices": [{"name": "co", "label": "Đã dùng"}, {"name": "khong", "label": "Chưa dùng"}],
                },
                {
                    "type": "select_multiple",
                    "name": "ly_do",
                    "label": "Vì sao chưa dùng?",
                    "relevant": "${da_dung} = 'khong'",
                    "choices": [
                        {"name": "khong_biet", "label": "Không biết cách dùng"},
                        {"name": "mang", "label": "Mạng yếu, chậm"},
                        {"name": "thich_truc_tiep", "label": "Thích đến trực tiếp"},
                        {"name": "khac", "label": "Khác"},
                    ],
                },
            ],
        },
        {
            "name": "danh_gia",
            "title": "Đánh giá dịch vụ",
            "relevant": "${da_dung} = 'co'",
            "questions": [
                {
                    "type": "likert",
                    "name": "hai_long",
                    "label": "Mức độ hài lòng chung",
                    "required": True,
                    "choices": LIKERT,
                },
                {
                    "type": "matrix",
                    "name": "mat",
                    "label": "Đánh giá từng mặt",
                    "choices": LIKERT[1:4],
                    "rows": [
                        {"name": "de_dung", "label": "Dễ sử dụng"},
                        {"name": "nhanh", "label": "Thời gian giải quyết"},
                    ],
                },
                {
                    "type": "rating",
                    "name": "diem",
                    "label": "Chấm điểm cổng dịch vụ công (0–10)",
                    "parameters": "start=0 end=10 step=1",
                },
                {"type": "long_text", "name": "gop_y", "label": "Góp ý để cải thiện dịch vụ"},
            ],
        },
    ],
}
COMMENTS = [
    "Cần hướng dẫn chi tiết hơn khi nộp hồ sơ đất đai trực tuyến.",
    "Hệ thống hay bị lỗi vào buổi sáng, mạng chậm.",
    "Cán bộ một cửa hỗ trợ nhiệt tình, thủ tục nhanh.",
    "Nên gửi tin nhắn báo kết quả hồ sơ qua Zalo.",
    "Thanh toán phí trực tuyến còn khó, cần thêm ví điện tử.",
]


def _answers(rng, communes):
    urban = rng.random() < 0.5
    answers = {
        "gioi_tinh": "nu" if rng.random() < 0.6 else "nam",
        "tuoi": int(rng.triangular(18, 80, 32)),
        "khu_vuc": "tt" if urban else "nt",
        "xa": rng.choice(communes),
        "da_dung": "co" if rng.random() < (0.75 if urban else 0.5) else "khong",
    }
    if answers["da_dung"] == "khong":
        answers["ly_do"] = sorted(
            {rng.choice(["khong_biet", "mang", "thich_truc_tiep"]) for _ in range(rng.randint(1, 2))}
        )
        return answers
    score = min(5, max(1, round(rng.gauss(3.6 + 0.3 * urban, 0.9))))
    answers.update(hai_long=str(score), diem=min(10, max(0, 2 * score + rng.randint(-1, 1))))
    answers["mat"] = {"de_dung": str(min(4, max(2, score - 1))), "nhanh": str(rng.choice([2, 3, 4]))}
    if rng.random() < 0.3:
        answers["gop_y"] = rng.choice(COMMENTS)
    return answers


@transaction.atomic
def load_demo(responses=300):
    """Idempotent: the demo survey is made once; its responses, calibration and invitations too."""
    if Survey.objects.filter(form_id=FORM_ID).exists() or not Area.objects.exists():
        return
    survey = create_survey(
        DEFINITION, sampling=Survey.Sampling.OPT_IN, sampling_note="Đường dẫn đăng trên cổng và Zalo OA."
    )
    open_survey(survey)
    rng = random.Random(19)
    communes = list(Area.objects.exclude(kind=Area.Kind.PROVINCE).values_list("code", flat=True))
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            survey=survey,
            answers=_answers(rng, communes),
            status=Response.Status.COMPLETE,
            submitted_at=now,
            possible_duplicate=rng.random() < 0.02,
        )
        for _ in range(responses)
    )
    margins = census_margins(questions(build(survey)))
    margins.pop("xa__huyen_cu", None)  # 300 answers over 28 districts: rake on sex and urban/rural only
    survey.calibration = {"method": "rake", "margins": margins, "source": "Tổng điều tra dân số 2019"}
    survey.save(update_fields=["calibration"])
    Invitation.objects.bulk_create(
        Invitation(
            survey=survey,
            email=f"ctv{i}@example.invalid",
            full_name=f"Cộng tác viên {i}",
            panel=Invitation.Panel.COLLABORATORS,
            sent_at=now,
            used_at=now if i % 3 else None,
        )
        for i in range(12)
    )
