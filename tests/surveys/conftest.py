import pytest

from surveys.services import create_survey, open_survey

SHORT = {
    "title": "Khảo sát về dịch vụ công trực tuyến",
    "title_en": "Online public services survey",
    "sections": [
        {
            "name": "chung",
            "title": "Thông tin chung",
            "questions": [
                {
                    "type": "select_one",
                    "name": "gioi_tinh",
                    "label": "Giới tính",
                    "label_en": "Sex",
                    "required": True,
                    "choices": [{"name": "nam", "label": "Nam"}, {"name": "nu", "label": "Nữ"}],
                },
                {
                    "type": "integer",
                    "name": "tuoi",
                    "label": "Tuổi",
                    "required": True,
                    "constraint": ". >= 16 and . <= 110",
                    "constraint_message": "Tuổi phải từ 16 đến 110.",
                },
                {
                    "type": "select_one",
                    "name": "da_dung",
                    "label": "Anh, chị đã dùng dịch vụ công trực tuyến chưa?",
                    "required": True,
                    "choices": [{"name": "co", "label": "Đã dùng"}, {"name": "khong", "label": "Chưa dùng"}],
                },
                {
                    "type": "select_multiple",
                    "name": "ly_do",
                    "label": "Vì sao chưa dùng?",
                    "relevant": "${da_dung} = 'khong'",
                    "required": True,
                    "choices": [
                        {"name": "khong_biet", "label": "Không biết cách dùng"},
                        {"name": "mang", "label": "Mạng yếu, chậm"},
                        {"name": "khac", "label": "Khác"},
                    ],
                },
            ],
        },
        {
            "name": "danh_gia",
            "title": "Đánh giá",
            "relevant": "${da_dung} = 'co'",
            "questions": [
                {
                    "type": "likert",
                    "name": "hai_long",
                    "label": "Mức độ hài lòng",
                    "required": True,
                    "choices": [
                        {"name": "1", "label": "Rất không hài lòng"},
                        {"name": "2", "label": "Không hài lòng"},
                        {"name": "3", "label": "Bình thường"},
                        {"name": "4", "label": "Hài lòng"},
                        {"name": "5", "label": "Rất hài lòng"},
                    ],
                },
                {"type": "long_text", "name": "gop_y", "label": "Góp ý thêm"},
            ],
        },
    ],
}


@pytest.fixture
def short_survey(db):
    def make(**fields):
        survey = create_survey(SHORT, **fields)
        open_survey(survey)
        return survey

    return make
