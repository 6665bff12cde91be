"""personal_data export|erase: everything held about one person, from the shell.

python manage.py personal_data export --email X | --phone X | --code LD-…   (JSON on stdout)
python manage.py personal_data erase --code LD-… --request ID               (an approved request)
"""

from django.core.management.base import BaseCommand, CommandError

from opinions.models import PersonalDataAccess
from privacy import services
from privacy.documents import person_json
from privacy.models import RequestKind, RightsRequest
from privacy.subject import export_data, find_person


class Command(BaseCommand):
    help = "Xuất (JSON) hoặc xóa toàn bộ dữ liệu cá nhân của một người (xóa cần yêu cầu đã được duyệt)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--code", default="", help="Mã tra cứu của một ý kiến (LD-…).")
        parser.add_argument("--request", type=int, help="Số (ID) của yêu cầu xóa đã được duyệt.")

    def handle(self, *args, **options):
        if not (options["email"] or options["phone"] or options["code"]):
            raise CommandError("Cần --email, --phone hoặc --code.")
        if options["action"] == "erase":
            return self.erase(options)
        person = find_person(email=options["email"], phone=options["phone"], code=options["code"])
        for signal in person.signals:
            PersonalDataAccess.objects.create(
                signal=signal, action=PersonalDataAccess.Action.EXPORT, detail="Xuất dữ liệu của chủ thể (lệnh)"
            )
        self.stdout.write(person_json(export_data(person)))

    def erase(self, options):
        request = RightsRequest.objects.filter(pk=options["request"] or 0).first()
        if request is None or request.kind != RequestKind.DELETE or request.status != RightsRequest.Status.APPROVED:
            raise CommandError("Từ chối: cần số của một yêu cầu xóa dữ liệu đã được duyệt (--request ID).")
        person = find_person(email=options["email"], phone=options["phone"], code=options["code"])
        if not person.found or (request.tracking_code and request.tracking_code not in _codes(person)):
            raise CommandError("Từ chối: dữ liệu tìm thấy không thuộc người đã gửi yêu cầu này.")
        services.carry_out(request, None)
        self.stdout.write(f"Đã xóa dữ liệu cá nhân theo yêu cầu {request.reference}.")


def _codes(person):
    return {s.tracking_code for s in person.signals}
