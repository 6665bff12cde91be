"""The "likelihood" interval of R's svyciprop (profile likelihood); filled in below."""

from .errors import SpecError


def likelihood_interval(design, y, used, p, variance, df, level):
    raise SpecError("Phương pháp «likelihood» chưa được hỗ trợ.")
