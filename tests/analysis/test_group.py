from analysis.group import GroupIndex, group_texts

ROAD = "Đường vào xã Hòa Ninh bị sạt lở nghiêm trọng, xe không đi được"
SCHOOL = "Trường tiểu học thu tiền sai quy định, phụ huynh bức xúc"
LAND = "Giá đền bù giải phóng mặt bằng dự án cao tốc quá thấp"


def _index():
    index = GroupIndex()
    for case, text in (("road", ROAD), ("school", SCHOOL), ("land", LAND)):
        index.add(case, text)
    return index


def test_it_finds_a_copy_typed_without_diacritics():
    found = _index().query("duong vao xa hoa ninh bi sat lo nghiem trong, xe khong di duoc")
    assert found[0].case_id == "road" and found[0].kind == "duplicate"


def test_it_finds_a_rewording():
    found = _index().query("Phụ huynh bức xúc vì trường thu tiền sai quy định")
    assert found and found[0].case_id == "school"


def test_it_finds_nothing_for_an_unrelated_text():
    assert _index().query("Trời hôm nay đẹp, đi chơi thôi") == []
    assert _index().query("") == []
    assert GroupIndex().query(ROAD) == []


def test_it_forgets_closed_cases():
    index = _index()
    index.remove("road")
    assert all(m.case_id != "road" for m in index.query(ROAD))


def test_it_groups_texts_in_arrival_order():
    texts = [ROAD, SCHOOL, ROAD.upper(), "The weather is fine", SCHOOL + "!!!"]
    groups = group_texts(texts)
    assert groups[0] == groups[2] and groups[1] == groups[4]
    assert len({groups[0], groups[1], groups[3]}) == 3


def test_it_handles_a_huge_text():
    index = _index()
    assert index.query(LAND * 2000)[0].case_id == "land"


def test_it_lets_an_embedder_confirm_a_borderline_paraphrase():
    import numpy as np

    calls = []

    def embed(texts):  # stands in for e5: every text about the road maps to the same vector
        calls.append(len(texts))
        return np.array([[1.0, 0.0] if "đường" in t.lower() else [0.0, 1.0] for t in texts])

    plain, embedded = GroupIndex(), GroupIndex(embedder=embed, embed_threshold=0.9)
    for index in (plain, embedded):
        index.add("road", ROAD)
        index.add("school", SCHOOL)
    text = "Con đường vào xã Hòa Ninh hư hỏng nặng sau mưa lũ"
    assert plain.query(text) == []  # too few shared words for TF-IDF alone
    assert [m.case_id for m in embedded.query(text)] == ["road"]
    assert calls[-1] == 1  # the new text is encoded once


def test_it_finds_cases_before_and_after_they_join_the_posting_matrix():
    index = GroupIndex()
    index.flush_every = 3  # small, so both the matrix and the pending lists are exercised
    filler = [f"Thông báo số {i} về lịch tiếp công dân tháng {i % 12 + 1}" for i in range(7)]
    for i, text in enumerate(filler):
        index.add(f"f{i}", text)
    index.add("school", SCHOOL)  # stays pending
    index.add("land", LAND)
    assert index.query("Phụ huynh bức xúc vì trường thu tiền sai quy định")[0].case_id == "school"
    assert index.query(LAND)[0].case_id == "land"
    assert index.query(filler[1])[0].case_id == "f1"  # in the matrix
    index.remove("f1")
    assert all(m.case_id != "f1" for m in index.query(filler[1]))
