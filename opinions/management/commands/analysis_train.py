"""`manage.py analysis_train`: train from confirmed labels (or a labelled file), activate only if better.

    python manage.py analysis_train [--task field|kind|urgency|sentiment|all]
                                    [--from-file F.jsonl --text-key text --label-key label]

The last line of stdout is one JSON object: {"results": {task: {...}}, "activated": [...]}.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from opinions.suggestions.tasks import reanalyse_task
from opinions.suggestions.training import TASKS, TrainingError, train


class Command(BaseCommand):
    help = "Huấn luyện mô hình phân tích từ nhãn đã xác nhận; chỉ thay mô hình đang dùng khi tốt hơn."

    def add_arguments(self, parser):
        parser.add_argument("--task", default="all", choices=[*TASKS, "all"])
        parser.add_argument("--from-file", help="Tệp JSONL có nhãn (UTF-8), ví dụ để khởi tạo mô hình sắc thái.")
        parser.add_argument("--text-key", default="text")
        parser.add_argument("--label-key", default="label")
        parser.add_argument("--min-labels", type=int, default=None, help="Mặc định: ANALYSIS_MIN_LABELS (30).")

    def handle(self, *args, task="all", from_file=None, text_key="text", label_key="label", min_labels=None, **options):
        if from_file and task == "all":
            raise CommandError("Với --from-file, xin chọn một nhiệm vụ (--task field|kind|urgency|sentiment).")
        tasks = TASKS if task == "all" else [task]
        results = {}
        for name in tasks:
            try:
                result = train(name, from_file=from_file, text_key=text_key, label_key=label_key, min_labels=min_labels)
            except TrainingError as error:
                raise CommandError(str(error)) from None
            results[str(name)] = result
            if result["status"] in ("too_few_labels", "no_new_labels"):
                self.stdout.write(result["message"])
            elif result["status"] == "activated":
                self.stdout.write(f"{name}: kích hoạt {result['version']} (macro-F1 {result['macro_f1']:.3f}).")
            else:
                self.stdout.write(
                    f"{name}: giữ mô hình đang dùng {result['current_version']} "
                    f"(macro-F1 {result['current_macro_f1']:.3f} ≥ {result['macro_f1']:.3f} của mô hình mới)."
                )
        activated = [name for name, r in results.items() if r["status"] == "activated"]
        if activated:
            # the intake queue's pending suggestions came from the old models: the worker
            # re-analyses them once, after every task is trained (confirmed labels are kept)
            reanalyse_task.enqueue(None)
            self.stdout.write("Đã yêu cầu phân tích lại các thông tin trong hàng chờ với mô hình mới.")
        self.stdout.write(json.dumps({"results": results, "activated": activated}, ensure_ascii=False))
