"""Design-based survey statistics on numpy/scipy, checked against R's `survey` package (Lumley).

    from analysis.survey import estimate, SpecError
    estimate(spec, columns)  # → {"results": {...}}

The SPEC format is described in docs/surveys-statistics.md. No Django, nothing of the project.
"""

from .errors import SpecError
from .spec import estimate

__all__ = ["SpecError", "estimate"]
