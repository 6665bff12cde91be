"""Similar cases (issue 15 item 6): the threshold of opinions/cycle/similar.py, tuned on the tuning
half of analysis/data/similar_queries.jsonl (`python bench/similar.py --precision 1.0`), holds on
the held-out half, and a garbage report is never offered a leaning pine tree."""

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import similar as bench  # noqa: E402  (bench/similar.py: the same measurement)

from opinions.cycle.similar import SIMILAR_THRESHOLD, rank_similar  # noqa: E402


def _case(pk, title, summary=""):
    return SimpleNamespace(pk=pk, title=title, summary=summary)


def test_a_garbage_report_is_not_offered_a_leaning_pine_tree():
    _, _, texts = bench.scored_matches(1)  # the 450 complaints of the test set as open cases
    cases = [_case(pk, text) for pk, text in enumerate(texts)]
    pine = next(case for case in cases if case.title.startswith("Cây thông bên đường nghiêng"))
    for garbage in (
        "Xe rác hai tuần không vào thôn, rác chất đống bốc mùi hôi.",
        "Rác thải đổ thành đống ở đầu hẻm, bốc mùi hôi, hai tuần không ai thu gom.",
    ):
        shown = [case for case, _ in rank_similar(garbage, cases)]
        assert pine not in shown
        assert all("rác" in case.title.lower() for case in shown)
    assert rank_similar("Xe rác hai tuần không vào thôn, rác chất đống bốc mùi hôi.", cases)
    assert [c for c, _ in rank_similar("Cây thông bên đường nghiêng ra lòng đường, sợ đổ vào người.", cases)] == [pine]
    assert rank_similar("Đề nghị mở lớp học bơi miễn phí cho trẻ em dịp hè.", cases) == []


def test_the_tuned_threshold_holds_on_the_held_out_half():
    queries, found, cases = bench.scored_matches(5)
    tune = bench.choose(queries[0::2], found[0::2], cases, 1.0)
    assert SIMILAR_THRESHOLD == tune
    held_out = bench.figures_at(SIMILAR_THRESHOLD, queries[1::2], found[1::2], cases)
    # measured: precision 0.952, recall 0.667, 1 of 10 queries without counterpart shown something
    assert held_out["precision"] >= 0.9
    assert held_out["recall"] >= 0.55
    assert held_out["no_counterpart_shown"] <= 0.2
