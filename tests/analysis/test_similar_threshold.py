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
    cases = [
        _case(1, "Cây thông nghiêng", "Cây thông bên đường nghiêng hẳn ra lòng đường, sợ đổ vào người đi đường."),
        _case(2, "Đèn đường hỏng", "Đèn chiếu sáng trên đường hỏng cả tuần, buổi tối tối om."),
        _case(3, "Rác không được thu gom", "Xe chở rác không đến thôn đã hai tuần, rác chất đống bốc mùi."),
    ]
    shown = rank_similar("Rác thải đổ thành đống ở đầu hẻm, bốc mùi hôi, hai tuần không ai thu gom.", cases)
    assert [case.pk for case, _ in shown] == [3]
    assert rank_similar("Cây thông ven đường bị nghiêng, sắp ngã ra đường.", cases)[0][0].pk == 1
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
