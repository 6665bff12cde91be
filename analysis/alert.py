"""Online early warning on counts per bin (per field, commune or case), explained in Vietnamese.

Why this design (calibration.md, Q3): a CUSUM tuned for a doubling of the rate is close to the
best any detector can do; the unknown baseline is estimated from the series itself, from a long
window (112 bins) that ends a guard of 7 bins before the present so that a rising outbreak does not
teach the baseline that it is normal, and is frozen while the CUSUM is above zero. The likelihood
ratio uses the negative-binomial posterior predictive: it accounts for the uncertainty of the
estimated rate and, when the window shows variance above the mean, for over-dispersion, which
otherwise multiplies false alarms. Everything is online: the decision at bin t uses bins <= t only.

Series finer than a day (five-minute mentions of a topic online) have a daily rhythm, heavy tails
and bursts that are not events. For them (bin_size under a day, or daily_profile=True) the baseline
is level x profile: hour-of-day (and weekday) factors learnt online from the bins that join the
baseline, the dispersion is measured around that profile with each bin's excess clipped (a burst
does not make the whole window look wild), and a burst bin (above what the rise looked for
could plausibly give, burst_z) may bring no more than 1 / (burst_bins + 0.5) of the limit, so that
a burst that decays within burst_bins bins is noise unless it repeats, while a genuine tripling
is still found in one bin. The hour and weekday factors are shrunk James-Stein style, so a series
without rhythm keeps the plain baseline (bench/alerts.py measures it; docs/analysis.md).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

__all__ = ["Alert", "AlertDetector", "detect", "SENSITIVITY_THRESHOLDS", "SENSITIVE_WEIGHT"]

# CUSUM thresholds (log-likelihood units). "normal" is calibrated by simulation (bench/analysis.py)
# for >= 500 bins between false alarms on steady Poisson counts with an estimated baseline.
SENSITIVITY_THRESHOLDS = {"low": 6.5, "normal": 4.7, "high": 3.3}
# Added to the threshold as a function of the estimated index of dispersion (variance / mean of one
# bin, from the baseline window), linear in between and flat beyond the ends. Calibrated by
# simulation (bench/analysis.py --only-alerts) so that negative-binomial counts keep ARL0 >= 500.
DISPERSION_OFFSETS = ((1.0, 0.0), (1.12, 0.0), (1.25, 0.9), (1.5, 1.5), (1.9, 2.0), (5.0, 2.0))
# Sensitive fields (land, compensation, …) flare up fast: their threshold is divided by this.
SENSITIVE_WEIGHT = 1.3


@dataclass
class Alert:
    """One early warning: when, how many, against what was normal, and why in Vietnamese."""

    timestamp: object
    count: float  # observed since the CUSUM started rising
    expected: float  # baseline expectation over the same bins
    bins: int
    ratio: float
    score: float
    level: str  # "high" | "medium"
    message: str = ""
    extra: dict = field(default_factory=dict)


def _period_text(bins: int, bin_size: timedelta | None) -> str:
    if bin_size is None:
        return f"{bins} kỳ gần nhất"
    total = bin_size * bins
    hours = total.total_seconds() / 3600
    if hours < 48:
        return f"{round(hours)} giờ qua"
    days = hours / 24
    if days < 14:
        return f"{round(days)} ngày qua"
    return f"{round(days / 7)} tuần qua"


def _ratio_text(ratio: float) -> str:
    if ratio >= 10:
        return f"gấp {round(ratio)} lần"
    if ratio >= 1.95:
        return f"gấp {ratio:.1f}".replace(".0", "").replace(".", ",") + " lần"
    return f"tăng {round((ratio - 1) * 100)}% so với"


def explain(
    count: float,
    expected: float,
    bins: int,
    *,
    topic: str = "",
    place: str = "",
    bin_size: timedelta | None = None,
) -> str:
    """ "23 ý kiến về bồi thường, GPMB ở xã … trong 24 giờ qua, gấp 6 lần mức bình thường"."""
    ratio = count / expected if expected > 0 else float("inf")
    parts = [f"{round(count)} ý kiến"]
    if topic:
        parts.append(f"về {topic}")
    if place:
        parts.append(f"ở {place[:1].lower() + place[1:]}")
    parts.append(f"trong {_period_text(bins, bin_size)},")
    if math.isinf(ratio):
        parts.append("trong khi bình thường gần như không có")
    else:
        verb = _ratio_text(ratio)
        parts.append(f"{verb} mức bình thường")
        parts.append(f"(khoảng {expected:.1f})".replace(".", ","))
    return " ".join(parts)


class DailyProfile:
    """Hour-of-day and weekday factors of a count series, learnt online (mean 1 over time).

    Each factor is the slot's decayed mean count over the overall decayed mean, shrunk towards 1
    by a few bins' worth of the overall mean and then by James-Stein (`_factors`): a slot seen a
    few times is not trusted, and a series without a rhythm keeps factors of 1.
    Counts decay with a half-life of about `days` days, so a slowly changing rhythm is followed.
    """

    def __init__(self, bins_per_day: float, *, weekdays: bool = False, days: float = 7.0):
        self.decay = 0.5 ** (1.0 / max(bins_per_day * days, 1.0))
        self.weekdays = weekdays
        self.hour = np.zeros((2, 24))  # decayed sums and counts per hour of day
        self.day = np.zeros((2, 7))
        self.total = np.zeros(2)
        # a few minutes of bins: the James-Stein shrinkage of _factors does the rest (a larger
        # prior biased the peaks low while the rhythm was young: alarms at each morning rise)
        self.hour_prior = max(bins_per_day / 576.0, 0.5)
        self.day_prior = max(bins_per_day / 2.0, 1.0)
        self.relative_variance = 0.0

    @staticmethod
    def _hours(stamp: datetime) -> tuple[int, int, float]:
        """The two hour slots around the stamp and the weight of the later one: a factor is
        interpolated between hour centres, so a morning rise inside an hour is followed too."""
        h = stamp.hour + stamp.minute / 60.0 - 0.5
        low = math.floor(h)
        return low % 24, (low + 1) % 24, h - low

    @staticmethod
    def _factors(table: np.ndarray, prior: float, overall: float) -> tuple[np.ndarray, np.ndarray]:
        """Each slot's factor and the relative variance of its estimate, shrunk towards 1
        James-Stein style: by how much of the spread between slots their Poisson noise explains.
        A flat series (steady counts) then keeps factors of about 1 instead of learning its noise
        as a rhythm (which raised false alarms and slowed detection on steady series); a real
        rhythm is kept almost whole."""
        s, c = table
        factors = (s + prior * overall) / ((c + prior) * overall)
        noise = factors / ((c + prior) * overall)  # variance of each factor under Poisson counts
        spread = float(np.sum((factors - 1.0) ** 2))
        keep = max(0.0, 1.0 - (len(factors) - 3) * float(noise.mean()) / spread) if spread > 0 else 0.0
        shrunk = 1.0 + keep * (factors - 1.0)
        return shrunk, keep * keep * noise / (shrunk * shrunk)

    def factor(self, stamp: datetime | None) -> float:
        """The factor of the bin at stamp; sets relative_variance, the relative variance of that
        estimate (a rhythm seen for a day or two is uncertain: the detector widens its
        predictive distribution by it instead of alerting at each morning rise)."""
        self.relative_variance = 0.0
        if stamp is None or self.total[1] <= 0 or self.total[0] <= 0:
            return 1.0
        overall = self.total[0] / self.total[1]
        low, high, w = self._hours(stamp)
        hours, variances = self._factors(self.hour, self.hour_prior, overall)
        value = (1 - w) * hours[low] + w * hours[high]
        self.relative_variance = (
            (1 - w) ** 2 * variances[low] * hours[low] ** 2 + w**2 * variances[high] * hours[high] ** 2
        ) / value**2
        if self.weekdays:
            days, day_variances = self._factors(self.day, self.day_prior, overall)
            value *= days[stamp.weekday()]
            self.relative_variance += day_variances[stamp.weekday()]
        return float(value)

    def learn(self, stamp: datetime | None, value: float) -> None:
        if stamp is None:
            return
        for table in (self.hour, self.day, self.total):
            table *= self.decay
        low, high, w = self._hours(stamp)
        self.hour[:, low] += ((1 - w) * value, 1 - w)
        self.hour[:, high] += (w * value, w)
        self.day[:, stamp.weekday()] += (value, 1.0)
        self.total += (value, 1.0)


def _interpolate(table, x: float) -> float:
    if x <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return table[-1][1]


class AlertDetector:
    """Online detector for one count series. Feed bins in order with `update`.

    threshold: CUSUM limit; by default from `sensitivity` ("low", "normal", "high") divided by
    `weight` (use SENSITIVE_WEIGHT for sensitive fields). weekday_aware: the baseline carries one
    multiplicative factor per weekday, estimated from the same window. topic / place / bin_size
    only shape the Vietnamese explanation. cooldown: bins after an alert during which the same
    series does not alert again (one warning per surge, repeated while it lasts).
    daily_profile / burst_bins: see the module docstring; by default on (profile, 2 bins) when
    bin_size is under a day (1 burst bin), off otherwise (the platform's daily bins keep the plain baseline).
    """

    def __init__(
        self,
        *,
        sensitivity: str = "normal",
        threshold: float | None = None,
        weight: float = 1.0,
        window: int = 112,
        guard: int = 7,
        warmup: int = 14,
        weekday_aware: bool = False,
        prior_shape: float = 0.5,
        ratio: float = 2.0,
        cooldown: int = 7,
        max_freeze: int = 14,
        dispersion_offsets: tuple = DISPERSION_OFFSETS,
        topic: str = "",
        place: str = "",
        bin_size: timedelta | None = None,
        daily_profile: bool | None = None,
        burst_bins: int | None = None,
        burst_z: float = 4.0,
        factor_uncertainty: bool = True,
    ):
        if threshold is None:
            threshold = SENSITIVITY_THRESHOLDS[sensitivity]
        self.threshold = threshold / max(weight, 1e-6)
        self.weight = weight
        self.dispersion_offsets = dispersion_offsets
        self.max_freeze = max_freeze
        self.window = window
        self.guard = guard
        self.warmup = warmup
        self.weekday_aware = weekday_aware
        self.prior_shape = prior_shape
        self.log_ratio = math.log(ratio)
        self.ratio = ratio
        self.topic, self.place, self.bin_size = topic, place, bin_size
        sub_daily = bin_size is not None and bin_size < timedelta(days=1)
        if daily_profile is None:
            daily_profile = sub_daily
        self.burst_bins = (1 if sub_daily else 0) if burst_bins is None else burst_bins
        self.burst_z = burst_z
        self.factor_uncertainty = factor_uncertainty
        per_day = timedelta(days=1) / bin_size if bin_size else 24.0
        self.profile = DailyProfile(per_day, weekdays=weekday_aware) if daily_profile else None
        # (value, weekday, profile factor, timestamp) inside the guard and in the baseline window
        self._recent: deque = deque()
        self._base: deque = deque()
        self._sumf = 0.0
        self._sum = 0.0
        self._sumsq = 0.0
        self.cusum = 0.0
        # (value, expected, llr) of each bin since the CUSUM last left zero (bounded)
        self._run: deque = deque(maxlen=400)
        self.seen = 0
        self.dispersion = 1.0
        self.last_expected = None  # baseline mean used for the last bin (None while warming up)
        self.cooldown = cooldown
        self._quiet_until = 0

    # -------------------------------------------------------------- baseline
    def _dispersion(self) -> tuple[float, float]:
        """(window mean, estimated 1/k) of the baseline window; 0 when it looks Poisson.

        With weekday_aware the variance is measured around each weekday's own mean, so that a
        regular weekly rhythm is not mistaken for over-dispersion.
        """
        n = len(self._base)
        if n < 14:
            return (self._sum / n if n else 0.0), 0.0
        m = self._sum / n
        if m <= 0:
            return m, 0.0
        if self.weekday_aware and n >= 28:
            sums: dict = {}
            for v, d, *_ in self._base:
                entry = sums.setdefault(d, [0.0, 0])
                entry[0] += v
                entry[1] += 1
            between = sum(s * s / c for s, c in sums.values())
            var = max(self._sumsq - between, 0.0) / max(n - len(sums), 1)
        else:
            var = max(self._sumsq / n - m * m, 0.0) * n / (n - 1)
        if var <= m:
            return m, 0.0
        # Moment estimate of 1/k less half a standard error of the Poisson sample variance;
        # why: a variance a little above the mean is mostly noise in a 112-bin window.
        phi = max(0.0, var - m - 0.5 * m * math.sqrt(2.0 / (n - 1))) / (m * m)
        return m, phi

    def _profiled(self, factor: float) -> tuple[float, float]:
        """_expected with a daily profile: level = counts / factors of the window, the next
        bin's mean = its factor x level, the dispersion measured around each bin's own mean with
        its excess clipped at 3 Poisson standard deviations (heavy tails, bursts)."""
        a = self.prior_shape + self._sum
        level = a / max(self._sumf, 1e-9)
        mean, shape = factor * level, a
        m = self._sum / max(self._sumf, 1e-9)
        excess = means_sq = 0.0
        for v, _, f, _ in self._base:
            mu = f * m
            residual = min(v - mu, 3.0 * math.sqrt(max(mu, 0.25)) + 1.0)
            excess += residual * residual - mu
            means_sq += mu * mu
        phi = 0.0
        if len(self._base) >= 14 and means_sq > 0:
            phi = max(0.0, excess - 0.5 * math.sqrt(2.0 * means_sq)) / means_sq
        self.dispersion = 1.0 + phi * self._sum / max(len(self._base), 1)
        extra = phi + (self.profile.relative_variance if self.factor_uncertainty else 0.0)
        if extra > 0:
            shape = 1.0 / (1.0 / a + extra)
        return mean, shape

    def _expected(self, weekday: int | None, factor: float = 1.0) -> tuple[float, float]:
        """(predictive mean, negative-binomial shape) for the next bin; sets self.dispersion."""
        if self.profile is not None:
            return self._profiled(factor)
        n = len(self._base)
        a = self.prior_shape + self._sum
        mean = a / max(n, 1e-9)
        shape = a
        m, phi = self._dispersion()
        # index of dispersion (variance / mean) of one bin, as estimated from the window
        self.dispersion = 1.0 + phi * m
        if phi > 0:
            shape = 1.0 / (1.0 / a + phi)
        if self.weekday_aware and weekday is not None and n >= 28:
            same = [v for v, d, *_ in self._base if d == weekday]
            if same:
                overall = self._sum / n
                factor = (sum(same) + 2 * overall) / ((len(same) + 2) * overall) if overall else 1
                mean *= factor
        return mean, shape

    def current_threshold(self) -> float:
        """The CUSUM limit for the next bin: base limit raised with the estimated dispersion."""
        return self.threshold + _interpolate(self.dispersion_offsets, self.dispersion) / max(self.weight, 1e-6)

    def _push(self, value: float, weekday: int | None, factor: float, stamp) -> None:
        self._recent.append((value, weekday, factor, stamp))
        if self.cusum > 0 and len(self._base) >= self.warmup:
            # Frozen: while the CUSUM rises, bins are held back (the guard grows) so that a rising
            # series does not become the new normal. They are not thrown away: once the CUSUM is
            # back at zero they join the baseline, which stays unbiased. A rise that lasts more
            # than max_freeze bins is the new normal: the oldest held bins are then let in, else a
            # baseline learnt too low (a series starting from zeros) would alert again and again.
            if len(self._recent) <= self.guard + self.max_freeze:
                return
        while len(self._recent) > self.guard:
            old = self._recent.popleft()
            self._base.append(old)
            self._sum += old[0]
            self._sumsq += old[0] * old[0]
            self._sumf += old[2]
            if self.profile is not None:
                self.profile.learn(old[3], old[0])
            if len(self._base) > self.window:
                v, _, f, _ = self._base.popleft()
                self._sum -= v
                self._sumsq -= v * v
                self._sumf -= f

    # -------------------------------------------------------------- update
    def update(self, value: float, timestamp=None) -> Alert | None:
        """Add the count of the next bin; return an Alert when the series crosses the limit."""
        value = float(value)
        if value < 0 or math.isnan(value):
            raise ValueError(f"Số đếm không hợp lệ: {value!r}")
        weekday = timestamp.weekday() if isinstance(timestamp, datetime) else None
        if self.weekday_aware and weekday is None and isinstance(timestamp, (int, float)):
            weekday = int(timestamp) % 7
        self.seen += 1
        alert = None
        self.last_expected = None
        stamp = timestamp if isinstance(timestamp, datetime) else None
        factor = self.profile.factor(stamp) if self.profile is not None else 1.0
        if len(self._base) >= self.warmup:
            mean, shape = self._expected(weekday, factor)
            mean = max(mean, 1e-3)
            self.last_expected = mean
            # log NB(x; r, alt mean) - log NB(x; r, null mean); lgamma terms cancel.
            p0 = shape / (shape + mean)
            p1 = shape / (shape + self.ratio * mean)
            llr = shape * math.log(p1 / p0) + value * math.log((1 - p1) / (1 - p0))
            limit = self.current_threshold()
            if self.burst_bins and self._is_burst(value, mean, shape):
                llr = min(llr, limit / (self.burst_bins + 0.5))
            previous = self.cusum
            self.cusum = max(0.0, self.cusum + llr)
            if self.cusum > 0:
                if previous == 0:
                    self._run.clear()
                self._run.append((value, mean, llr))
            if self.cusum > limit:
                if self.seen > self._quiet_until:
                    alert = self._make_alert(timestamp, limit)
                    self._quiet_until = self.seen + self.cooldown
                self.cusum = 0.0
        self._push(value, weekday, factor, stamp)
        return alert

    def _is_burst(self, value: float, mean: float, shape: float) -> bool:
        """A bin above what the rise the CUSUM looks for (ratio x mean) could plausibly give:
        more than burst_z standard deviations of its negative binomial above its mean. Only such
        a bin is capped; a bin an event of the target size explains counts in full, so a genuine
        tripling is found as soon as before (bench/alerts.py, steady series)."""
        if not self.burst_z:
            return True
        alt = self.ratio * mean
        return value > alt + self.burst_z * math.sqrt(alt + alt * alt / shape)

    def _make_alert(self, timestamp, limit: float) -> Alert:
        # The window explained to people: the shortest recent stretch whose evidence alone
        # crosses the limit (at low counts the CUSUM can stay above zero for weeks before a
        # one-day surge; "29 ý kiến trong 14 tuần" would hide "10 ý kiến trong 24 giờ").
        count = expected = evidence = 0.0
        bins = 0
        for value, mean, llr in reversed(self._run):
            count, expected, evidence, bins = count + value, expected + mean, evidence + llr, bins + 1
            if evidence > limit:
                break
        ratio = count / expected if expected > 0 else float("inf")
        level = "high" if ratio * self.weight >= 3 or self.cusum > 2 * limit else "medium"
        return Alert(
            timestamp=timestamp,
            count=count,
            expected=expected,
            bins=bins,
            ratio=ratio,
            score=self.cusum,
            level=level,
            message=explain(count, expected, bins, topic=self.topic, place=self.place, bin_size=self.bin_size),
        )


def detect(values: Iterable[float], timestamps: Iterable | None = None, **options) -> list[Alert]:
    """Run one detector over a whole series, bin by bin (still online: no look-ahead)."""
    detector = AlertDetector(**options)
    values = list(values)
    stamps = list(timestamps) if timestamps is not None else list(range(len(values)))
    alerts = []
    for value, stamp in zip(values, stamps, strict=True):
        found = detector.update(value, stamp)
        if found is not None:
            alerts.append(found)
    return alerts
