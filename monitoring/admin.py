"""Back-office screens of online monitoring (menu "Theo dõi trên mạng"): sources, stories, items.

Who: the opinion office (everything, the actions) and leaders (read only): monitoring looks across
the whole province, beyond one unit's cases. Unit handlers, editors and others see nothing here.
No author appears anywhere (only a count of distinct voices).
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from opinions import access
from opinions.cycle.services import WorkflowError, open_case
from opinions.models import Area, Field

from .models import Item, MatchState, Sentiment, Source, Story
from .services import SourceError, add_source, run_fetch
from .stories import growth, offers_rebuttal

PAGE_SIZE = 100
HEALTH_DAYS = 7


class SourceForm(forms.Form):
    name = forms.CharField(label="Tên nguồn", max_length=200)
    kind = forms.ChoiceField(label="Loại nguồn", choices=Source.Kind.choices[:3])
    url = forms.URLField(label="Địa chỉ", max_length=1000, assume_scheme="https")
    selector = forms.CharField(
        label="Bộ chọn CSS của liên kết bài", max_length=300, required=False, help_text="Chỉ cho trang danh sách tin."
    )
    trust = forms.ChoiceField(label="Mức tin cậy", choices=Source.trust.field.choices)
    is_local = forms.BooleanField(label="Nguồn của tỉnh", required=False, initial=True)
    field_hint = forms.ModelChoiceField(label="Lĩnh vực mặc định", queryset=Field.objects.all(), required=False)
    area_hint = forms.ModelChoiceField(label="Địa bàn mặc định", queryset=Area.objects.all(), required=False)
    interval_minutes = forms.IntegerField(
        label="Chu kỳ lấy tin ban đầu (phút)", min_value=10, max_value=1440, initial=60
    )


def _per_day(sources):
    """{source id: [count per day, oldest first]} for the last HEALTH_DAYS days."""
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(HEALTH_DAYS - 1, -1, -1)]
    since = timezone.now() - datetime.timedelta(days=HEALTH_DAYS)
    rows = (
        Item.objects.filter(source__in=sources, first_seen__gte=since)
        .annotate(day=TruncDate("first_seen"))
        .values_list("source_id", "day")
        .annotate(n=Count("pk"))
    )
    counts = {(source_id, day): n for source_id, day, n in rows}
    return days, {s.pk: [counts.get((s.pk, d), 0) for d in days] for s in sources}


@require_safe
def source_list(request):
    """Nguồn theo dõi: health (last fetch, error, failure score, interval) and items per day."""
    access.require_office_or_leader(request.user)
    sources = list(Source.objects.select_related("field_hint", "area_hint"))
    days, per_day = _per_day(sources)
    rows = [{"source": s, "per_day": per_day[s.pk]} for s in sources]
    return render(
        request,
        "monitoring/admin/source_list.html",
        {
            "page_title": "Nguồn theo dõi",
            "header_icon": "site",
            "rows": rows,
            "days": days,
            "is_office": access.is_office(request.user),
        },
    )


def source_add(request):
    access.require_office(request.user)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        minutes = data.pop("interval_minutes")
        try:
            source = add_source(**data, interval=datetime.timedelta(minutes=minutes))
        except SourceError as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, f"Đã thêm nguồn “{source.name}”. Bấm “Lấy tin ngay” để thử.")
            return redirect("monitoring:source_list")
    return render(
        request,
        "monitoring/admin/source_add.html",
        {"page_title": "Thêm nguồn theo dõi", "header_icon": "site", "form": form},
    )


@require_POST
def source_action(request, pk):
    """Lấy tin ngay, tạm dừng, bật lại: the office only."""
    access.require_office(request.user)
    source = get_object_or_404(Source, pk=pk)
    action = request.POST.get("action")
    if action == "fetch":
        stats = run_fetch(source_id=source.pk)
        source.refresh_from_db()
        text = f"“{source.name}”: {stats['new_items']} tin mới, {stats['duplicates']} tin trùng, {stats['errors']} lỗi."
        (messages.error if stats["errors"] else messages.success)(request, text)
    elif action in ("pause", "resume"):
        source.active = action == "resume"
        if source.active:
            source.failure_score, source.disabled_reason, source.next_fetch_at = 0, "", timezone.now()
        source.save()
        messages.success(request, f"Đã {'bật lại' if source.active else 'tạm dừng'} nguồn “{source.name}”.")
    else:
        raise Http404
    return redirect("monitoring:source_list")


@require_safe
def story_list(request):
    """Dòng sự kiện: newest first; filter by field, sentiment, rebuttal match."""
    access.require_office_or_leader(request.user)
    stories = Story.objects.select_related("field", "area", "rebuttal", "signal")
    field, sentiment = request.GET.get("linh_vuc", ""), request.GET.get("sac_thai", "")
    match = request.GET.get("khop", "")
    if field.isdigit():
        stories = stories.filter(field_id=int(field))
    if sentiment in Sentiment.values:
        stories = stories.filter(sentiment=sentiment)
    if match in MatchState.values and match:
        stories = stories.filter(rebuttal_state=match)
    return render(
        request,
        "monitoring/admin/story_list.html",
        {
            "page_title": "Dòng sự kiện trên mạng",
            "header_icon": "doc-full",
            "stories": stories[:PAGE_SIZE],
            "total": stories.count(),
            "fields": Field.objects.all(),
            "sentiments": Sentiment.choices,
            "matches": MatchState.choices[1:],
            "field": field,
            "sentiment": sentiment,
            "match": match,
        },
    )


@require_safe
def story_detail(request, pk):
    access.require_office_or_leader(request.user)
    story = get_object_or_404(Story.objects.select_related("field", "area", "rebuttal", "signal"), pk=pk)
    items = story.items.select_related("source", "area").order_by("first_seen", "pk")
    communes = Area.objects.filter(pk__in=items.exclude(area=None).values("area")).order_by("name")
    sources = Source.objects.filter(pk__in=items.values("source")).order_by("name")
    return render(
        request,
        "monitoring/admin/story_detail.html",
        {
            "page_title": "Dòng sự kiện trên mạng",
            "header_icon": "doc-full",
            "story": story,
            "items": items,
            "communes": communes,
            "sources": sources,
            "growth": growth(story),
            "offers_rebuttal": offers_rebuttal(story),
            "is_office": access.is_office(request.user),
        },
    )


@require_POST
def story_action(request, pk):
    """Confirm or reject a suggested rebuttal; "Viết bài phản bác" (the news app's flow, pre-filled)."""
    access.require_office(request.user)
    story = get_object_or_404(Story, pk=pk)
    action = request.POST.get("action")
    if action in ("confirm", "reject") and story.rebuttal_id:
        story.rebuttal_state = MatchState.MATCHED if action == "confirm" else MatchState.REJECTED
        story.save(update_fields=["rebuttal_state", "updated_at"])
        messages.success(request, "Đã ghi nhận kết quả xem xét thông tin phản bác.")
    elif action == "rebuttal":
        return _start_rebuttal(request, story)
    else:
        raise Http404
    return redirect("monitoring:story_detail", story.pk)


def _start_rebuttal(request, story):
    """The rebuttal flow starts from a case: the story's signal gets one (the cycle's open_case)."""
    signal = story.signal
    if signal is None:
        messages.error(request, "Dòng sự kiện này chưa có thông tin dư luận trong hàng đợi.")
        return redirect("monitoring:story_detail", story.pk)
    if signal.case_id is None:
        try:
            open_case(request.user, signal, title=story.title[:255])
        except (WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("monitoring:story_detail", story.pk)
        signal.refresh_from_db()
    return redirect("news_admin:rebuttal_from_case", signal.case_id)


@require_safe
def item_search(request):
    """Tìm tin, bài: title and text, newest first."""
    access.require_office_or_leader(request.user)
    query = request.GET.get("q", "").strip()
    items = Item.objects.select_related("source", "story", "area")
    if query:
        items = items.filter(Q(title__icontains=query) | Q(text__icontains=query))
    return render(
        request,
        "monitoring/admin/item_search.html",
        {
            "page_title": "Tìm tin, bài trên mạng",
            "header_icon": "search",
            "items": items[:PAGE_SIZE],
            "total": items.count(),
            "query": query,
        },
    )
