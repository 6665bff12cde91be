"""Train the platform's classifiers from confirmed labels (or a labelled file) and activate a new
model only when it beats the current one on the same held-out confirmed labels.

Held-out set: the confirmed labels of signals whose id is a multiple of 5 (stable, so that a label
never moves between training and evaluation). With --from-file and too few held-out labels in the
database, every fifth line of the file is held out instead.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from analysis import evaluate
from opinions.models import AnalysisModel, Attribute, ConfirmedLabel
from opinions.suggestions import services as suggest

TASKS = [Attribute.FIELD, Attribute.KIND, Attribute.URGENCY, Attribute.SENTIMENT]
HELD_OUT_MODULO = 5
MIN_TEST = 5


class TrainingError(Exception):
    """Bad input (file, task): the message is for the operator, in Vietnamese."""


def read_jsonl(path, text_key="text", label_key="label"):
    """[(text, label)] from a UTF-8 JSON-lines file, read by the analysis library's one reader
    (analysis.evaluate.read_jsonl); a bad line names its number."""
    try:
        items = evaluate.read_jsonl(path, (text_key, label_key))
    except evaluate.InputError as error:
        raise TrainingError(str(error)) from None
    rows = []
    for number, item in enumerate(items, start=1):
        text, label = item.get(text_key), item.get(label_key)
        if not isinstance(text, str) or label in (None, ""):
            raise TrainingError(f"{path}, mục thứ {number}: thiếu khóa “{text_key}” hoặc “{label_key}”.")
        rows.append((text, str(label)))
    return rows


def confirmed_rows(task):
    """(train, held_out) lists of (text, label) from the confirmed labels of a task."""
    train, test = [], []
    rows = ConfirmedLabel.objects.filter(attribute=task).values_list(
        "signal_id", "value", "signal__title", "signal__text"
    )
    for signal_id, value, title, text in rows.order_by("signal_id").iterator():
        pair = (f"{title}. {text}" if title else text, value)
        (test if signal_id % HELD_OUT_MODULO == 0 else train).append(pair)
    return train, test


def label_stamp(task):
    """Changes whenever a label of the task is added or changed (retrain only then)."""
    labels = ConfirmedLabel.objects.filter(attribute=task)
    agg = labels.aggregate(n=Count("pk"), last=Max("confirmed_at"))
    return f"{agg['n']}:{agg['last'].isoformat() if agg['last'] else ''}"


def _new_version(task):
    return f"{task}-{timezone.now():%Y%m%d-%H%M%S-%f}"


def _too_few(task, train, test, min_labels):
    label = Attribute(task).label.lower()
    n_classes = len({y for _, y in train})
    if len(train) >= min_labels and n_classes >= 2 and len(test) >= MIN_TEST:
        return None
    return (
        f"Chưa đủ nhãn đã xác nhận để huấn luyện mô hình {label}: có {len(train)} nhãn để huấn luyện "
        f"({n_classes} giá trị khác nhau) và {len(test)} nhãn để đánh giá; cần ít nhất {min_labels} nhãn, "
        f"2 giá trị và {MIN_TEST} nhãn đánh giá. Mô hình hiện tại được giữ nguyên."
    )


def _current_scores(task, current, texts, labels):
    # numpy/scipy/sklearn load only when training (start-up cost).
    from analysis.classify import score

    if current is not None:
        return score(labels, current.predict(texts)), current.version
    if task == Attribute.FIELD:
        # Before any trained field model, the zero-shot model is the one to beat.
        zs = suggest.zero_shot()
        if zs is not None:
            return score(labels, zs.predict(texts)), suggest.ZERO_SHOT_VERSION
    return None, None


def train(task, *, from_file=None, text_key="text", label_key="label", min_labels=None):
    """Train one task; returns a JSON-ready dict. Too few labels: status "too_few_labels", nothing
    changes. The new model is saved and recorded either way, active only if it is better."""
    # numpy/scipy/sklearn load only when training (start-up cost).
    from analysis.classify import TextClassifier, score, should_replace

    if task not in TASKS:
        raise TrainingError(f"Nhiệm vụ không hợp lệ: {task}.")
    min_labels = settings.ANALYSIS_MIN_LABELS if min_labels is None else min_labels
    stamp = label_stamp(task)
    if not from_file:
        unchanged = _no_new_labels(task, stamp)
        if unchanged:
            return unchanged
    train_rows, test_rows, source = _training_rows(task, from_file, text_key, label_key)
    message = _too_few(task, train_rows, test_rows, min_labels)
    if message:
        return {
            "task": task,
            "status": "too_few_labels",
            "message": message,
            "n_train": len(train_rows),
            "n_test": len(test_rows),
        }

    texts, labels = [t for t, _ in train_rows], [y for _, y in train_rows]
    test_texts, test_labels = [t for t, _ in test_rows], [y for _, y in test_rows]
    version = _new_version(task)
    candidate = TextClassifier().fit(texts, labels, version=version, name=task)
    candidate_scores = score(test_labels, candidate.predict(test_texts))
    current = suggest.active_classifier(task)
    current_scores, current_version = _current_scores(task, current, test_texts, test_labels)
    replace = should_replace(current_scores, candidate_scores)
    metrics = {
        **candidate_scores,
        "classes": candidate.metadata.get("classes", []),
        "dev_scores": candidate.metadata.get("dev_scores"),
        "train_seconds": candidate.metadata.get("train_seconds"),
        "compared_with": current_version,
        "current_scores": current_scores,
        "label_stamp": stamp,
    }
    _record(task, version, candidate, metrics, replace, source, n_train=len(texts), n_test=len(test_texts))
    return {
        "task": task,
        "status": "activated" if replace else "kept_current",
        "version": version,
        "current_version": current_version,
        "accuracy": candidate_scores["accuracy"],
        "macro_f1": candidate_scores["macro_f1"],
        "per_class": candidate_scores["per_class"],
        "current_macro_f1": current_scores["macro_f1"] if current_scores else None,
        "n_train": len(texts),
        "n_test": len(test_texts),
    }


def _no_new_labels(task, stamp):
    """The answer "no_new_labels" when the last model of the task saw the same confirmed labels, else None."""
    last = AnalysisModel.objects.filter(task=task).order_by("-created_at").first()
    if last is None or last.metrics.get("label_stamp") != stamp:
        return None
    label = Attribute(task).label.lower()
    return {
        "task": task,
        "status": "no_new_labels",
        "message": f"Không có nhãn {label} mới kể từ lần huấn luyện trước ({last.version}); không huấn luyện lại.",
    }


def _training_rows(task, from_file, text_key, label_key):
    """(train rows, test rows, source description): the confirmed labels, plus a file's rows if given
    (a fifth of the file held out for the test when the confirmed test rows are too few)."""
    train_rows, test_rows = confirmed_rows(task)
    source = "nhãn đã xác nhận"
    if from_file:
        file_rows = read_jsonl(from_file, text_key, label_key)
        source = f"tệp {Path(from_file).name} + nhãn đã xác nhận"
        if len(test_rows) < MIN_TEST:
            held = [r for i, r in enumerate(file_rows) if i % HELD_OUT_MODULO == HELD_OUT_MODULO - 1]
            file_rows = [r for i, r in enumerate(file_rows) if i % HELD_OUT_MODULO != HELD_OUT_MODULO - 1]
            test_rows = test_rows + held
            source = f"tệp {Path(from_file).name} (1/5 để đánh giá) + nhãn đã xác nhận"
        train_rows = file_rows + train_rows
    return train_rows, test_rows, source


def _record(task, version, candidate, metrics, replace, source, *, n_train, n_test):
    """Save the candidate's file and its AnalysisModel row, active (replacing the current one) if
    `replace`; a candidate not activated keeps its row and scores but not its file."""
    relative = Path(task) / f"{version}.joblib"
    path = suggest.model_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate.save(path)
    with transaction.atomic():
        if replace:
            AnalysisModel.objects.filter(task=task, active=True).update(active=False)
        AnalysisModel.objects.create(
            task=task,
            version=version,
            file=str(relative),
            metrics=metrics,
            n_train=n_train,
            n_test=n_test,
            source=source[:255],
            active=replace,
            note="" if replace else "Không tốt hơn mô hình đang dùng trên cùng tập đánh giá; không kích hoạt.",
        )
    if replace:
        suggest.clear_cache()
    else:
        path.unlink(missing_ok=True)  # the row keeps its scores; a worse model's file is not kept
