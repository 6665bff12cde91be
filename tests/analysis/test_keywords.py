from analysis.keywords import characteristic_terms, count_terms


def test_it_ranks_the_words_typical_of_a_subset_first():
    subset = ["giá đền bù quá thấp", "đền bù chậm, dân bức xúc", "đền bù không thỏa đáng"] * 3
    rest = ["trường học thu tiền sai", "bệnh viện quá tải", "dân bức xúc vì rác"] * 4
    terms = characteristic_terms(subset, rest, top=3)
    assert terms[0].term in {"đền bù", "đền", "bù"}
    assert all(t.count >= 3 for t in terms)
    assert all(t.term != "bức xúc" for t in terms)  # common to both sides


def test_it_skips_stop_words_and_numbers():
    counts = count_terms(["Người dân và 2025 của xã"])
    assert "và" not in counts and "2025" not in counts and "xã" in counts


def test_it_returns_nothing_for_empty_input():
    assert characteristic_terms([], []) == []
    assert characteristic_terms([""], ["abc"]) == []
