"""Back-office imports and exports: XLSForm in and out, responses from Google Forms or Kobo/ODK CSV."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from opinions import access

from . import response_import, services
from .admin import get_survey
from .forms import UploadForm
from .schema import build, commune_choices, questions
from .xlsform import export_workbook, read_xlsform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024


def import_xlsform(request):
    """Nhập phiếu từ XLSForm (ODK, KoboToolbox): tạo cuộc khảo sát mới ở trạng thái đang soạn."""
    access.require_office(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise services.SurveyError("Tệp quá lớn (tối đa 5 MB).")
            suffix = ".xls" if upload.name.lower().endswith(".xls") else ".xlsx"
            survey = services.create_survey(read_xlsform(upload.read(), suffix), user=request.user)
        except services.SurveyError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"Đã nhập phiếu «{survey.title}» với {survey.questions.count()} câu hỏi.")
            return redirect("surveys_admin:survey_detail", survey.pk)
    context = {"page_title": "Nhập phiếu từ XLSForm", "header_icon": "upload", "form": form}
    return render(request, "surveys/admin/form.html", context, status=400 if form.errors else 200)


@require_safe
def export_xlsform(request, pk):
    """Tải phiếu dưới dạng XLSForm (dùng được trong ODK Collect, KoboToolbox)."""
    survey = get_survey(request, pk)
    content = export_workbook(services.definition_of(survey), commune_choices())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{survey.form_id or "khao-sat-" + str(survey.pk)}.xlsx"'
    return response


def _session_key(survey):
    return f"surveys-import-{survey.pk}"


def import_responses(request, pk):
    """Nhập phiếu trả lời từ Google Forms hoặc Kobo/ODK (CSV): ghép cột, kiểm tra thử, rồi nhập."""
    survey = get_survey(request, pk, edit=True)
    schema = build(survey)
    form = UploadForm(request.POST or None, request.FILES or None)
    stored = request.session.get(_session_key(survey))
    context = {
        "page_title": f"Nhập phiếu trả lời – {survey.title}",
        "header_icon": "upload",
        "survey": survey,
        "form": form,
    }
    if request.method == "POST" and "file" in request.FILES and form.is_valid():
        content = form.cleaned_data["file"].read(MAX_UPLOAD + 1)
        try:
            if len(content) > MAX_UPLOAD:
                raise ValueError("Tệp quá lớn (tối đa 5 MB).")
            headers, rows = response_import.read_csv(content)
        except (ValueError, UnicodeDecodeError, Exception) as error:  # csv.Error and decoding errors alike
            form.add_error("file", f"Không đọc được tệp CSV: {error}")
        else:
            request.session[_session_key(survey)] = stored = {"headers": headers, "rows": rows}
            mapping = response_import.guess_mapping(schema, headers)
            return render(
                request, "surveys/admin/import_responses.html", {**context, **_mapping_context(schema, stored, mapping)}
            )
    elif request.method == "POST" and stored:
        return _check_or_import(request, survey, schema, stored, context)
    return render(request, "surveys/admin/import_responses.html", context, status=400 if form.errors else 200)


def _mapping_context(schema, stored, mapping, report=None):
    targets = [("", "(bỏ qua cột này)")]
    for q in questions(schema):
        if q["type"] in ("note", "calculate"):
            continue
        targets.append((q["name"], f"{q['name']}: {q['label'][:60]}"))
        targets += [(f"{q['name']}.{r['name']}", f"{q['name']} – {r['label'][:40]}") for r in q["rows"]]
        if q["type"] == "select_multiple":
            targets += [
                (f"{q['name']}/{c['name']}", f"{q['name']} / {c['label'][:40]} (cột 0/1)") for c in q["choices"]
            ]
    columns = [(i, header, mapping.get(i, "")) for i, header in enumerate(stored["headers"])]
    return {"columns": columns, "targets": targets, "report": report, "row_count": len(stored["rows"])}


def _check_or_import(request, survey, schema, stored, context):
    mapping = {i: request.POST.get(f"cot-{i}", "") for i in range(len(stored["headers"]))}
    report = response_import.check(schema, mapping, stored["rows"])
    if request.POST.get("action") == "import":
        try:
            count = response_import.run_import(survey, report)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            request.session.pop(_session_key(survey), None)
            messages.success(request, f"Đã nhập {count} phiếu trả lời.")
            return redirect("surveys_admin:survey_results", survey.pk)
    return render(
        request, "surveys/admin/import_responses.html", {**context, **_mapping_context(schema, stored, mapping, report)}
    )
