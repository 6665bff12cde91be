"""Menu and URLs of the surveys' back-office screens."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access

from . import admin, admin_imports, admin_panels, admin_results


@hooks.register("register_admin_urls")
def register_survey_urls():
    routes = [
        path("khao-sat/", admin.survey_list, name="survey_list"),
        path("khao-sat/them/", admin.survey_add, name="survey_add"),
        path("khao-sat/nhap-xlsform/", admin_imports.import_xlsform, name="xlsform_import"),
        path("khao-sat/<int:pk>/", admin.survey_detail, name="survey_detail"),
        path("khao-sat/<int:pk>/trang-thai/", admin.survey_status, name="survey_status"),
        path("khao-sat/<int:pk>/phan/them/", admin.section_edit, name="section_add"),
        path("khao-sat/<int:pk>/phan/<int:section_pk>/", admin.section_edit, name="section_edit"),
        path("khao-sat/<int:pk>/cau-hoi/them/", admin.question_edit, name="question_add"),
        path("khao-sat/<int:pk>/cau-hoi/<int:question_pk>/", admin.question_edit, name="question_edit"),
        path("khao-sat/<int:pk>/cau-hoi/<int:question_pk>/xoa/", admin.question_delete, name="question_delete"),
        path("khao-sat/<int:pk>/xem-truoc/", admin.survey_preview, name="survey_preview"),
        path("khao-sat/<int:pk>/qr.svg", admin.survey_qr, name="survey_qr"),
        path("khao-sat/<int:pk>/thu-moi/", admin_panels.survey_invitations, name="invitation_list"),
        path("khao-sat/<int:pk>/ket-qua/", admin_results.survey_results, name="survey_results"),
        path("khao-sat/<int:pk>/xlsform.xlsx", admin_imports.export_xlsform, name="xlsform_export"),
        path("khao-sat/<int:pk>/nhap-phieu/", admin_imports.import_responses, name="response_import"),
    ]
    return [path("", include((routes, "surveys_admin")))]


class SurveyMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user) or access.user_unit(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_survey_menu():
    return SurveyMenuItem("Khảo sát DLXH", reverse("surveys_admin:survey_list"), icon_name="list-ul", order=160)
