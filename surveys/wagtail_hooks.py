"""Menu and URLs of the surveys' back-office screens."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access

from . import admin, admin_imports, admin_panels, admin_results


@hooks.register("register_admin_urls")
def register_survey_urls():
    return [
        path("khao-sat/", admin.survey_list, name="surveys_list"),
        path("khao-sat/them/", admin.survey_add, name="surveys_add"),
        path("khao-sat/nhap-xlsform/", admin_imports.import_xlsform, name="surveys_import_xlsform"),
        path("khao-sat/<int:pk>/", admin.survey_detail, name="surveys_detail"),
        path("khao-sat/<int:pk>/trang-thai/", admin.survey_status, name="surveys_status"),
        path("khao-sat/<int:pk>/phan/them/", admin.section_edit, name="surveys_section_add"),
        path("khao-sat/<int:pk>/phan/<int:section_pk>/", admin.section_edit, name="surveys_section_edit"),
        path("khao-sat/<int:pk>/cau-hoi/them/", admin.question_edit, name="surveys_question_add"),
        path("khao-sat/<int:pk>/cau-hoi/<int:question_pk>/", admin.question_edit, name="surveys_question_edit"),
        path("khao-sat/<int:pk>/cau-hoi/<int:question_pk>/xoa/", admin.question_delete, name="surveys_question_delete"),
        path("khao-sat/<int:pk>/xem-truoc/", admin.survey_preview, name="surveys_preview"),
        path("khao-sat/<int:pk>/qr.svg", admin.survey_qr, name="surveys_qr"),
        path("khao-sat/<int:pk>/thu-moi/", admin_panels.survey_invitations, name="surveys_invitations"),
        path("khao-sat/<int:pk>/ket-qua/", admin_results.survey_results, name="surveys_results"),
        path("khao-sat/<int:pk>/xlsform.xlsx", admin_imports.export_xlsform, name="surveys_export_xlsform"),
        path("khao-sat/<int:pk>/nhap-phieu/", admin_imports.import_responses, name="surveys_import_responses"),
    ]


class SurveyMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user) or access.user_unit(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_survey_menu():
    return SurveyMenuItem("Khảo sát DLXH", reverse("surveys_list"), icon_name="list-ul", order=160)
