"""`manage.py analysis_eval`: the evaluation contract of issue 7, implemented in the library."""

import sys

from django.core.management.base import BaseCommand

from analysis.evaluate import main


class Command(BaseCommand):
    help = "Đánh giá phân loại, phân loại không cần nhãn, định vị, gom nhóm và cảnh báo sớm."

    def run_from_argv(self, argv):
        # The library parses its own arguments so that the contract lives in one place.
        sys.exit(main(argv[2:]))
