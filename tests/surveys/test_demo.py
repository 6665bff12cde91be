"""The demo survey: made once, with answers whose weighted results compute."""

from surveys import demo, results
from surveys.models import Survey


def test_load_demo_is_idempotent_and_results_compute(db):
    demo.load_demo(responses=120)
    demo.load_demo(responses=120)
    survey = Survey.objects.get(form_id=demo.FORM_ID)
    assert survey.responses.count() == 120 and survey.is_accepting()
    computed = results.compute(survey)
    assert computed["error"] is None and computed["weights"]["n_eff"] < 120
    assert computed["results"]["hai_long"]["levels"]["4"]["estimate"] > 0
