"""Vụ việc tương tự: open cases like a text, for the office's triage screen and the public form.

One engine: the analysis library's group index (analysis.group.GroupIndex: MinHash for copies,
TF-IDF cosine on accent-folded syllables for rewordings), built over the open cases of the commune.
The threshold is tuned on queries written for the project (analysis/data/similar_queries.jsonl:
rewordings of open complaints and complaints with no counterpart; `python bench/similar.py
--precision 1.0`): showing nothing is better than showing something unrelated.
"""

from opinions.models import Case

# The lowest threshold at which every case shown on the tuning half of the queries was the right
# one (`python bench/similar.py --precision 1.0`, 03/12/2026). Held out: precision 0.95, recall
# 0.67, one query in ten without counterpart shown something (docs/analysis.md).
SIMILAR_THRESHOLD = 0.3
CANDIDATES = 300


def case_text(case):
    return f"{case.title}. {case.summary}"


def rank_similar(text, candidates, *, threshold=SIMILAR_THRESHOLD, limit=5):
    """[(case, score)] of the candidates whose text is close enough to `text`, best first."""
    # numpy/scipy/datasketch load on first use (start-up cost of every web process).
    from analysis.group import GroupIndex

    candidates = list(candidates)
    if not (text or "").strip() or not candidates:
        return []
    index = GroupIndex(similar_threshold=threshold, duplicate_threshold=0.6)
    by_pk = {}
    for case in candidates:
        by_pk[case.pk] = case
        index.add(case.pk, case_text(case))
    return [(by_pk[m.case_id], m.score) for m in index.query(text, limit=limit)]


def similar_open_cases(field, area, text, *, public_only=False, limit=5, exclude_pk=None):
    """Open cases of the commune whose text is like `text` (field alone is not enough), best first."""
    if area is None:
        return []
    queryset = Case.objects.filter(status__in=Case.OPEN_STATUSES, area=area).select_related("field", "area")
    if public_only:
        queryset = queryset.filter(is_public=True)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    ranked = rank_similar(text, queryset.order_by("-created_at")[:CANDIDATES], limit=limit)
    return [case for case, _ in ranked]
