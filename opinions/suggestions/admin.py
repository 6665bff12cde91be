"""Back-office screens of analysis in the platform (issue 7).

- the intake queue's suggestions: accept all in one click, correct one value in place
  (POST to `cycle_suggest`, office only; the queue itself is admin_cycle.intake_queue);
- a signal's suggestions for those who may see the signal (`analysis_signal`, scoped by
  access.scope_signals);
- model quality (`analysis_quality`, office and leaders): each task's models, the active one,
  accuracy, macro-F1 and F1 per class on held-out confirmed labels, training size, date, and the
  share of suggestions accepted without correction per attribute;
- Phân tích lại (`analysis_reanalyse`, `analysis_reanalyse_queue`, POST, office only): one signal,
  or every signal still in the intake queue after a new model is activated, through the task worker.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from wagtail import hooks

from opinions import access
from opinions.cycle import services as workflow
from opinions.models import (
    AnalysisModel,
    Area,
    Attribute,
    ConfirmedLabel,
    Field,
    Signal,
    SignalKind,
    Suggestion,
    Urgency,
)
from opinions.suggestions import calibration
from opinions.suggestions import services as suggest
from opinions.suggestions import tasks as analysis_tasks

EDITABLE = [Attribute.FIELD, Attribute.KIND, Attribute.URGENCY, Attribute.AREA, Attribute.SENTIMENT]


def attribute_choices(with_sentiment=True):
    """Options of the in-place correction selects, per attribute."""
    return {
        Attribute.FIELD: list(Field.objects.values_list("code", "name")),
        Attribute.AREA: list(Area.objects.communes().order_by("name").values_list("code", "name")),
        Attribute.KIND: list(SignalKind.choices),
        Attribute.URGENCY: list(Urgency.choices),
        Attribute.SENTIMENT: [(c, c) for c in suggest.sentiment_choices()] if with_sentiment else [],
    }


def attach_suggestions(signals):
    """Put .pending_suggestions (each with .choices to correct), .similar_suggestions and
    .confirmed_suggestions on each signal."""
    by_signal = suggest.suggestions_for(signals, attribute_choices)
    for signal in signals:
        entry = by_signal.get(signal.pk, {"pending": [], "cases": [], "done": []})
        signal.pending_suggestions = entry["pending"]
        signal.similar_suggestions = entry["cases"]
        signal.confirmed_suggestions = entry["done"]
    return signals


def _back(request, signal):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("cycle:signal_triage", signal.pk)


@require_POST
def suggestion_action(request, pk):
    """POST: action=accept (all pending suggestions, with any value changed in its select) or
    action=correct:ATTRIBUTE (that value only)."""
    access.require_office(request.user)
    signal = get_object_or_404(Signal, pk=pk)
    action = request.POST.get("action", "")
    pending = suggest.pending_suggestions(signal)
    try:
        if action == "accept":
            if not pending:
                raise workflow.WorkflowError("Thông tin này không còn gợi ý nào chờ xác nhận.")
            # A value the person chose, or a suggestion trusted enough; an untrusted one left empty waits.
            values = {
                attr: request.POST.get(attr) or s.value
                for attr, s in pending.items()
                if request.POST.get(attr) or (attr not in request.POST and calibration.trusted(s))
            }
            if not values:
                raise workflow.WorkflowError("Không có gợi ý nào đủ tin cậy để chấp nhận; xin chọn giá trị.")
            suggest.confirm(request.user, signal, values)
            corrected = sum(1 for attr, s in pending.items() if attr in values and values[attr] != s.value)
            text = f"Đã xác nhận {len(values)} gợi ý cho {signal.tracking_code}"
            messages.success(request, text + (f" (sửa {corrected})." if corrected else "."))
        elif action.startswith("correct:"):
            attribute = action.split(":", 1)[1]
            if attribute not in EDITABLE:
                raise workflow.WorkflowError("Thuộc tính không hợp lệ.")
            value = request.POST.get(attribute, "")
            suggest.correct_suggestion(request.user, signal, attribute, value)
            label = Attribute(attribute).label.lower()
            messages.success(request, f"Đã lưu {label} của {signal.tracking_code}.")
        else:
            raise Http404
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or "Anh, chị không có quyền thực hiện thao tác này.")
    return _back(request, signal)


@require_POST
def reanalyse_signal(request, pk):
    """Phân tích lại one signal with the active models (its unconfirmed suggestions are replaced)."""
    access.require_office(request.user)
    signal = get_object_or_404(Signal, pk=pk)
    if analysis_tasks.request_reanalysis(request.user, signal):
        messages.success(
            request,
            f"Đã yêu cầu phân tích lại {signal.tracking_code} với các mô hình đang dùng: gợi ý chưa xác nhận "
            "sẽ được thay, giá trị đã xác nhận được giữ nguyên.",
        )
    else:
        messages.info(request, f"Yêu cầu phân tích lại {signal.tracking_code} vừa được gửi, đang chờ xử lý.")
    return _back(request, signal)


@require_POST
def reanalyse_queue(request):
    """Phân tích lại every signal still in the intake queue (after a new model is activated)."""
    access.require_office(request.user)
    waiting = Signal.objects.filter(status__in=suggest.QUEUE_STATUSES).count()
    if analysis_tasks.request_reanalysis(request.user):
        messages.success(
            request,
            f"Đã yêu cầu phân tích lại {waiting} thông tin trong hàng chờ với các mô hình đang dùng; "
            "tiến trình nền sẽ thay các gợi ý chưa xác nhận.",
        )
    else:
        messages.info(request, "Yêu cầu phân tích lại hàng chờ vừa được gửi, đang chờ xử lý.")
    return redirect("suggestions:model_quality")


@require_safe
def signal_suggestions(request, pk):
    """A signal's suggestions and confirmed labels, for those who may see the signal."""
    if not (access.sees_everything(request.user) or access.user_unit(request.user)):
        raise PermissionDenied
    signal = get_object_or_404(
        access.scope_signals(request.user, Signal.objects.select_related("field", "area", "case")), pk=pk
    )
    attach_suggestions([signal])
    labels = ConfirmedLabel.objects.filter(signal=signal).select_related("confirmed_by")
    return render(
        request,
        "opinions/admin/analysis_signal.html",
        {
            "page_title": f"Gợi ý phân tích {signal.tracking_code}",
            "header_icon": "search",
            "signal": signal,
            "labels": labels,
            "is_office": access.is_office(request.user),
        },
    )


def acceptance_rates():
    """Per attribute: suggestions confirmed, accepted as they were, and the share accepted."""
    rows = (
        ConfirmedLabel.objects.filter(suggestion__isnull=False)
        .values("attribute")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(accepted=True)))
    )
    pending = dict(
        Suggestion.objects.filter(status=Suggestion.Status.PENDING)
        .exclude(attribute=Attribute.CASE)
        .values_list("attribute")
        .annotate(n=Count("pk"))
    )
    by_attr = {r["attribute"]: r for r in rows}
    out = []
    for attribute in EDITABLE:
        row = by_attr.get(attribute, {"n": 0, "accepted": 0})
        out.append(
            {
                "attribute": Attribute(attribute).label,
                "confirmed": row["n"],
                "accepted": row["accepted"],
                "corrected": row["n"] - row["accepted"],
                "rate": row["accepted"] / row["n"] if row["n"] else None,
                "pending": pending.get(attribute, 0),
            }
        )
    return out


def model_quality(request):
    """Chất lượng phân tích: for the office and leaders only."""
    access.require_office_or_leader(request.user)
    tasks = []
    models_by_task = {}
    for model in AnalysisModel.objects.all():
        metrics = model.metrics or {}
        model.accuracy = metrics.get("accuracy")
        model.macro_f1 = metrics.get("macro_f1")
        model.per_class = sorted((metrics.get("per_class") or {}).items())
        models_by_task.setdefault(model.task, []).append(model)
    labels = dict(ConfirmedLabel.objects.values_list("attribute").annotate(n=Count("pk")))
    for task in [Attribute.FIELD, Attribute.KIND, Attribute.URGENCY, Attribute.SENTIMENT]:
        rows = models_by_task.get(task, [])
        tasks.append(
            {
                "task": task,
                "label": Attribute(task).label,
                "models": rows,
                "active": next((m for m in rows if m.active), None),
                "n_labels": labels.get(task, 0),
            }
        )
    return render(
        request,
        "opinions/admin/analysis_quality.html",
        {
            "page_title": "Chất lượng phân tích",
            "header_icon": "table",
            "tasks": tasks,
            "rates": acceptance_rates(),
            "analysed": Signal.objects.filter(analysis__isnull=False).count(),
            "waiting": suggest.pending_signals().count(),
            "in_queue": Signal.objects.filter(status__in=suggest.QUEUE_STATUSES).count(),
            "is_office": access.is_office(request.user),
        },
    )


@hooks.register("register_admin_urls")
def register_analysis_urls():
    routes = [
        path("dlxh/tiep-nhan/<int:pk>/goi-y/", suggestion_action, name="suggestion_action"),
        path("dlxh/goi-y/<int:pk>/", signal_suggestions, name="signal_suggestions"),
        path("dlxh/goi-y/<int:pk>/phan-tich-lai/", reanalyse_signal, name="signal_reanalyse"),
        path("dlxh/chat-luong-phan-tich/phan-tich-lai/", reanalyse_queue, name="queue_reanalyse"),
        path("dlxh/chat-luong-phan-tich/", model_quality, name="model_quality"),
    ]
    return [path("", include((routes, "suggestions")))]
