"""A change of a section, question or choice moves its survey's updated_at forward.

updated_at is the version of the built survey that surveys/schema.py caches per web process, so a
respondent never gets questions older than the last edit. Choices are bulk-created (no signal)
only right after their question is saved, which has already moved the version.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Choice, Question, Section, Survey


def _touch(survey_id):
    if survey_id is not None:
        Survey.objects.filter(pk=survey_id).update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Question)
def section_or_question_changed(sender, instance, **kwargs):
    _touch(instance.survey_id)


@receiver([post_save, post_delete], sender=Choice)
def choice_changed(sender, instance, **kwargs):
    survey_id = Question.objects.filter(pk=instance.question_id).values_list("survey_id", flat=True).first()
    _touch(survey_id)
