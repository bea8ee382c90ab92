# ruff: noqa: E501  (the answer cells below are student code, kept as a student writes it)
"""Plausible wrong answers, one answer cell each, for the mutation tests of the assignments.

Each :class:`Mutation` is the reference solution with ONE answer cell (``<part>-answer``)
replaced by ``source``: a mistake a counseling student might really make. Graded with real
nbgrader, it must lose points on ``<part>-tests`` and keep every other part's points
(``tests/test_exercise_mutations.py``). ``cheat=True`` marks an answer that borrows the course's
reference implementation: it must earn nothing on its part (and, since the course library is
then loaded, the other parts may lose their points too).
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent


@dataclass(frozen=True)
class Mutation:
    assignment: str   # e.g. "ex01-wai-sr"
    part: str         # e.g. "part2": the cell "part2-answer" is replaced, "part2-tests" must fail
    name: str         # what the student got wrong, in a few words
    source: str       # the whole replacement answer cell
    cheat: bool = False

    @property
    def id(self) -> str:
        return f"{self.assignment.split('-')[0]}-{self.part}-{self.name}"

    @property
    def student(self) -> str:
        return f"{self.part}-{self.name}"


MUTATIONS: list[Mutation] = []


def mutation(assignment: str, part: str, name: str, source: str, cheat: bool = False) -> None:
    MUTATIONS.append(Mutation(assignment, part, name, dedent(source).strip("\n"), cheat))


# ------------------------------------------------------------------ ex00-orientation
EX00 = "ex00-orientation"

mutation(EX00, "part1", "rounded", """
    # Store the pooled correlation in pooled_r
    pooled_r = 0.28
""")
mutation(EX00, "part1", "as-a-percentage", """
    # Store the pooled correlation in pooled_r
    pooled_r = 27.8
""")
mutation(EX00, "part2", "r-not-halved", """
    def besd(r):
        \"\"\"Return the BESD success rates (stronger group, weaker group) for a correlation r.\"\"\"
        return (0.5 + r, 0.5 - r)
""")
mutation(EX00, "part2", "groups-swapped", """
    def besd(r):
        \"\"\"Return the BESD success rates (stronger group, weaker group) for a correlation r.\"\"\"
        return (0.5 - r / 2, 0.5 + r / 2)
""")

# ------------------------------------------------------------------ ex01-wai-sr
EX01 = "ex01-wai-sr"

mutation(EX01, "part1", "consecutive-items", """
    def score_wai_sr(responses):
        if len(responses) != 12:
            raise ValueError("The WAI-SR has 12 items.")
        for answer in responses:
            if not 1 <= answer <= 5:
                raise ValueError("Answers run from 1 to 5.")
        # Wrong: assumes the subscales are items 1-4, 5-8 and 9-12.
        goal = sum(responses[0:4])
        task = sum(responses[4:8])
        bond = sum(responses[8:12])
        return {"goal": goal, "task": task, "bond": bond, "total": goal + task + bond}
""")
mutation(EX01, "part1", "item-number-as-position", """
    def score_wai_sr(responses):
        if len(responses) != 12:
            raise ValueError("The WAI-SR has 12 items.")
        for answer in responses:
            if not 1 <= answer <= 5:
                raise ValueError("Answers run from 1 to 5.")
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            scores[name] = sum(responses[item] for item in items)  # off by one
        scores["total"] = scores["goal"] + scores["task"] + scores["bond"]
        return scores
""")
mutation(EX01, "part1", "item-means", """
    def score_wai_sr(responses):
        if len(responses) != 12:
            raise ValueError("The WAI-SR has 12 items.")
        for answer in responses:
            if not 1 <= answer <= 5:
                raise ValueError("Answers run from 1 to 5.")
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            scores[name] = sum(responses[item - 1] for item in items) / 4
        scores["total"] = sum(responses) / 12
        return scores
""")
mutation(EX01, "part1", "no-range-check", """
    def score_wai_sr(responses):
        if len(responses) != 12:
            raise ValueError("The WAI-SR has 12 items.")
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            scores[name] = sum(responses[item - 1] for item in items)
        scores["total"] = sum(responses)
        return scores
""")
mutation(EX01, "part1", "imports-reference", """
    from alliance.measures import score_wai_sr as _reference

    def score_wai_sr(responses):
        return _reference(responses)
""", cheat=True)

mutation(EX01, "part2", "prorate-with-two-answered", """
    def score_with_missing(responses):
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            answered = [responses[i - 1] for i in items if responses[i - 1] is not None]
            if len(answered) >= 2:
                scores[name] = sum(answered) / len(answered) * 4
            else:
                scores[name] = float("nan")
        scores["total"] = scores["goal"] + scores["task"] + scores["bond"]
        return scores
""")
mutation(EX01, "part2", "missing-counted-as-zero", """
    def score_with_missing(responses):
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            answered = [responses[i - 1] for i in items if responses[i - 1] is not None]
            if len(answered) >= 3:
                scores[name] = float(sum(answered))  # forgot to prorate
            else:
                scores[name] = float("nan")
        scores["total"] = scores["goal"] + scores["task"] + scores["bond"]
        return scores
""")
mutation(EX01, "part2", "total-prorated-from-all-items", """
    def score_with_missing(responses):
        subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
        scores = {}
        for name, items in subscales.items():
            answered = [responses[i - 1] for i in items if responses[i - 1] is not None]
            if len(answered) >= 3:
                scores[name] = sum(answered) / len(answered) * 4
            else:
                scores[name] = float("nan")
        everything = [r for r in responses if r is not None]
        scores["total"] = sum(everything) / len(everything) * 12
        return scores
""")

mutation(EX01, "part3", "pandas-sum-skips-missing", """
    wai = pd.read_csv("wai_sr_responses.csv")
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        wai_scores[name] = wai[columns].sum(axis=1)
    wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
""")
mutation(EX01, "part3", "total-sum-skips-missing-subscale", """
    wai = pd.read_csv("wai_sr_responses.csv")
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        answered = wai[columns].notna().sum(axis=1)
        wai_scores[name] = (wai[columns].mean(axis=1) * 4).where(answered >= 3)
    wai_scores["total"] = wai_scores[["goal", "task", "bond"]].sum(axis=1)
""")
mutation(EX01, "part3", "item-mean-metric", """
    wai = pd.read_csv("wai_sr_responses.csv")
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        answered = wai[columns].notna().sum(axis=1)
        wai_scores[name] = wai[columns].mean(axis=1).where(answered >= 3)
    wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
""")
mutation(EX01, "part3", "prorate-with-two-answered", """
    wai = pd.read_csv("wai_sr_responses.csv")
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        answered = wai[columns].notna().sum(axis=1)
        wai_scores[name] = (wai[columns].mean(axis=1) * 4).where(answered >= 2)
    wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
""")

# ------------------------------------------------------------------ ex02-srs-ors
EX02 = "ex02-srs-ors"
_SRS_CHECKS = """
    def srs_total(marks):
        if len(marks) != 4:
            raise ValueError("The SRS has 4 lines.")
        for mark in marks:
            if not 0 <= mark <= 10:
                raise ValueError("A mark is off the line.")
"""

mutation(EX02, "part1", "total-rounded-not-lines", _SRS_CHECKS + """
        return round(sum(marks), 1)
""")
mutation(EX02, "part1", "no-rounding", _SRS_CHECKS + """
        return sum(marks)
""")
mutation(EX02, "part1", "mean-of-lines", _SRS_CHECKS + """
        return sum(round(mark, 1) for mark in marks) / 4
""")
mutation(EX02, "part1", "no-range-check", """
    def srs_total(marks):
        if len(marks) != 4:
            raise ValueError("The SRS has 4 lines.")
        return sum(round(mark, 1) for mark in marks)
""")
mutation(EX02, "part1", "imports-reference", """
    from alliance.measures import line_mark_to_score

    def srs_total(marks):
        if len(marks) != 4:
            raise ValueError("The SRS has 4 lines.")
        return sum(line_mark_to_score(mark) for mark in marks)
""", cheat=True)

mutation(EX02, "part2", "at-or-below-36", """
    srs_columns = ["srs_01", "srs_02", "srs_03", "srs_04"]
    flagged = sessions[["client_id", "session"]].copy()
    flagged["srs_total"] = sessions[srs_columns].sum(axis=1).round(1)
    concern_sessions = flagged[flagged["srs_total"] <= 36]
""")
mutation(EX02, "part2", "ors-lines", """
    ors_columns = ["ors_01", "ors_02", "ors_03", "ors_04"]
    flagged = sessions[["client_id", "session"]].copy()
    flagged["srs_total"] = sessions[ors_columns].sum(axis=1).round(1)
    concern_sessions = flagged[flagged["srs_total"] < 36]
""")
mutation(EX02, "part2", "any-line-below-9", """
    srs_columns = ["srs_01", "srs_02", "srs_03", "srs_04"]
    flagged = sessions[["client_id", "session"]].copy()
    flagged["srs_total"] = sessions[srs_columns].sum(axis=1).round(1)
    concern_sessions = flagged[(sessions[srs_columns] < 9).any(axis=1)]
""")

_ORS_HEAD = """
    def ors_change(first, last):
"""
mutation(EX02, "part3", "more-than-5-strictly", _ORS_HEAD + """
        change = round(last - first, 1)
        if change > 5:
            if first < 25 and last >= 25:
                return "recovered"
            return "improved"
        if change < -5:
            return "deteriorated"
        return "no reliable change"
""")
mutation(EX02, "part3", "recovered-without-clinical-start", _ORS_HEAD + """
        change = round(last - first, 1)
        if change >= 5:
            if last >= 25:
                return "recovered"
            return "improved"
        if change <= -5:
            return "deteriorated"
        return "no reliable change"
""")
mutation(EX02, "part3", "cut-off-25-counted-as-clinical", _ORS_HEAD + """
        change = round(last - first, 1)
        if change >= 5:
            if first <= 25 and last > 25:
                return "recovered"
            return "improved"
        if change <= -5:
            return "deteriorated"
        return "no reliable change"
""")
mutation(EX02, "part3", "change-not-rounded", _ORS_HEAD + """
        change = last - first
        if change >= 5:
            if first < 25 and last >= 25:
                return "recovered"
            return "improved"
        if change <= -5:
            return "deteriorated"
        return "no reliable change"
""")

_ORS_TOTALS = """
    ors_columns = ["ors_01", "ors_02", "ors_03", "ors_04"]
    ors = sessions[["client_id", "session"]].copy()
    ors["ors_total"] = sessions[ors_columns].sum(axis=1).round(1)
    ors = ors.sort_values(["client_id", "session"])
    by_client = ors.groupby("client_id")["ors_total"]
"""
mutation(EX02, "part4", "best-session-as-last", _ORS_TOTALS + """
    ors_outcomes = pd.DataFrame({"first_ors": by_client.first(), "last_ors": by_client.max()}).reset_index()
    ors_outcomes["change"] = (ors_outcomes["last_ors"] - ors_outcomes["first_ors"]).round(1)
""")
mutation(EX02, "part4", "change-first-minus-last", _ORS_TOTALS + """
    ors_outcomes = pd.DataFrame({"first_ors": by_client.first(), "last_ors": by_client.last()}).reset_index()
    ors_outcomes["change"] = (ors_outcomes["first_ors"] - ors_outcomes["last_ors"]).round(1)
""")
mutation(EX02, "part4", "session-2-as-first", _ORS_TOTALS + """
    second = ors[ors["session"] == 2].set_index("client_id")["ors_total"]
    ors_outcomes = pd.DataFrame({"first_ors": second, "last_ors": by_client.last()}).reset_index()
    ors_outcomes["change"] = (ors_outcomes["last_ors"] - ors_outcomes["first_ors"]).round(1)
""")

# ------------------------------------------------------------------ ex03-haq-reliability
EX03 = "ex03-haq-reliability"

mutation(EX03, "part1", "six-minus-x", """
    def reverse_key(data):
        keyed = data.copy()
        for item in [4, 8, 11, 16, 19]:
            column = f"haq_ii_{item:02d}"
            keyed[column] = 6 - data[column]
        return keyed
""")
mutation(EX03, "part1", "forgot-item-19", """
    def reverse_key(data):
        keyed = data.copy()
        for item in [4, 8, 11, 16]:
            column = f"haq_ii_{item:02d}"
            keyed[column] = 7 - data[column]
        return keyed
""")
mutation(EX03, "part1", "changes-the-original", """
    def reverse_key(data):
        for item in [4, 8, 11, 16, 19]:
            column = f"haq_ii_{item:02d}"
            data[column] = 7 - data[column]
        return data
""")

mutation(EX03, "part2", "no-k-correction", """
    def cronbach_alpha(items):
        complete = items.dropna()
        return float(1 - complete.var().sum() / complete.sum(axis=1).var())
""")
mutation(EX03, "part2", "standard-deviations", """
    def cronbach_alpha(items):
        complete = items.dropna()
        k = complete.shape[1]
        return float(k / (k - 1) * (1 - complete.std().sum() / complete.sum(axis=1).std()))
""")
mutation(EX03, "part2", "mixed-variance-formulas", """
    def cronbach_alpha(items):
        complete = items.dropna()
        k = complete.shape[1]
        total_variance = np.var(complete.sum(axis=1))  # numpy divides by n, pandas by n - 1
        return float(k / (k - 1) * (1 - complete.var().sum() / total_variance))
""")
mutation(EX03, "part2", "keeps-incomplete-rows", """
    def cronbach_alpha(items):
        k = items.shape[1]
        return float(k / (k - 1) * (1 - items.var().sum() / items.sum(axis=1).var()))
""")
mutation(EX03, "part2", "imports-reference", """
    import alliance.measures

    def cronbach_alpha(items):
        return alliance.measures.cronbach_alpha(items)["alpha"]
""", cheat=True)

mutation(EX03, "part3", "total-includes-the-item", """
    def item_total_correlations(items):
        complete = items.dropna()
        total = complete.sum(axis=1)
        return pd.Series({column: complete[column].corr(total) for column in complete.columns})
""")
mutation(EX03, "part3", "spearman", """
    def item_total_correlations(items):
        complete = items.dropna()
        total = complete.sum(axis=1)
        return pd.Series({column: complete[column].corr(total - complete[column], method="spearman")
                          for column in complete.columns})
""")
mutation(EX03, "part3", "returns-a-dict", """
    def item_total_correlations(items):
        complete = items.dropna()
        total = complete.sum(axis=1)
        return {column: complete[column].corr(total - complete[column]) for column in complete.columns}
""")

_ALPHA_OF = """
    def _alpha_of(values):
        k = values.shape[1]
        return float(k / (k - 1) * (1 - values.var().sum() / values.sum(axis=1).var()))

    raw_items = haq[item_columns]
"""
mutation(EX03, "part4", "forgot-item-19", _ALPHA_OF + """
    keyed_items = raw_items.copy()
    for item in [4, 8, 11, 16]:
        keyed_items[f"haq_ii_{item:02d}"] = 7 - raw_items[f"haq_ii_{item:02d}"]
    alpha_raw = _alpha_of(raw_items)
    alpha_keyed = _alpha_of(keyed_items)
""")
mutation(EX03, "part4", "dropped-instead-of-reversed", _ALPHA_OF + """
    keyed_items = raw_items.drop(columns=[f"haq_ii_{item:02d}" for item in [4, 8, 11, 16, 19]])
    alpha_raw = _alpha_of(raw_items)
    alpha_keyed = _alpha_of(keyed_items)
""")

# ------------------------------------------------------------------ ex04-alliance-outcome
EX04 = "ex04-alliance-outcome"
_PEARSON = """
    def pearson_r(x, y):
        dx = x - x.mean()
        dy = y - y.mean()
        return float((dx * dy).sum() / math.sqrt((dx ** 2).sum() * (dy ** 2).sum()))
"""
mutation(EX04, "part1", "post-score-instead-of-improvement", _PEARSON + """
    r_alliance_outcome = pearson_r(data["wai_sr_session3"], data["phq9_post"])
""")
mutation(EX04, "part1", "numerator-not-centred", """
    def pearson_r(x, y):
        dx = x - x.mean()
        dy = y - y.mean()
        return float((x * y).sum() / math.sqrt((dx ** 2).sum() * (dy ** 2).sum()))

    r_alliance_outcome = pearson_r(data["wai_sr_session3"], data["improvement"])
""")
mutation(EX04, "part1", "no-square-root", """
    def pearson_r(x, y):
        dx = x - x.mean()
        dy = y - y.mean()
        return float((dx * dy).sum() / ((dx ** 2).sum() * (dy ** 2).sum()))

    r_alliance_outcome = pearson_r(data["wai_sr_session3"], data["improvement"])
""")

mutation(EX04, "part2", "se-with-n-not-n-minus-3", """
    def correlation_ci(r, n):
        z = math.atanh(r)
        se = 1 / math.sqrt(n)
        return (math.tanh(z - 1.96 * se), math.tanh(z + 1.96 * se))
""")
mutation(EX04, "part2", "no-back-transform", """
    def correlation_ci(r, n):
        z = math.atanh(r)
        se = 1 / math.sqrt(n - 3)
        return (z - 1.96 * se, z + 1.96 * se)
""")
mutation(EX04, "part2", "interval-on-the-r-scale", """
    def correlation_ci(r, n):
        se = 1 / math.sqrt(n - 3)
        return (r - 1.96 * se, r + 1.96 * se)
""")

mutation(EX04, "part3", "no-denominator", """
    def partial_correlation(x, y, z):
        return float(x.corr(y) - x.corr(z) * y.corr(z))
""")
mutation(EX04, "part3", "forgot-square-root", """
    def partial_correlation(x, y, z):
        r_xy, r_xz, r_yz = x.corr(y), x.corr(z), y.corr(z)
        return float((r_xy - r_xz * r_yz) / ((1 - r_xz ** 2) * (1 - r_yz ** 2)))
""")
mutation(EX04, "part3", "semi-partial", """
    def partial_correlation(x, y, z):
        r_xy, r_xz, r_yz = x.corr(y), x.corr(z), y.corr(z)
        return float((r_xy - r_xz * r_yz) / math.sqrt(1 - r_xz ** 2))
""")
mutation(EX04, "part3", "imports-reference", """
    from alliance.stats import partial_correlation as _partial

    def partial_correlation(x, y, z):
        frame = pd.DataFrame({"x": x, "y": y, "z": z})
        return _partial(frame, "x", "y", "z").r
""", cheat=True)

mutation(EX04, "part4", "axes-swapped", """
    chart = alt.Chart(data).mark_point().encode(
        x=alt.X("improvement:Q", title="PHQ-9 improvement"),
        y=alt.Y("wai_sr_session3:Q", title="WAI-SR total after session 3"),
    )
""")
mutation(EX04, "part4", "line-mark", """
    chart = alt.Chart(data).mark_line().encode(
        x=alt.X("wai_sr_session3:Q", title="WAI-SR total after session 3"),
        y=alt.Y("improvement:Q", title="PHQ-9 improvement"),
    )
""")
mutation(EX04, "part4", "post-score-on-y", """
    chart = alt.Chart(data).mark_point().encode(
        x=alt.X("wai_sr_session3:Q", title="WAI-SR total after session 3"),
        y=alt.Y("phq9_post:Q", title="PHQ-9 at the end"),
    )
""")
mutation(EX04, "part4", "no-axis-titles", """
    chart = alt.Chart(data).mark_point().encode(x="wai_sr_session3:Q", y="improvement:Q")
""")

# ------------------------------------------------------------------ ex05-meta-analysis
EX05 = "ex05-meta-analysis"
_FISHER_Z = """
    def fisher_z(r):
        if not -1 < r < 1:
            raise ValueError("r must be strictly between -1 and 1.")
        return 0.5 * math.log((1 + r) / (1 - r))
"""
mutation(EX05, "part1", "variance-with-n", _FISHER_Z + """
    def z_variance(n):
        return 1 / n
""")
mutation(EX05, "part1", "standard-error-not-variance", _FISHER_Z + """
    def z_variance(n):
        return 1 / math.sqrt(n - 3)
""")
mutation(EX05, "part1", "z-without-the-half", """
    def fisher_z(r):
        if not -1 < r < 1:
            raise ValueError("r must be strictly between -1 and 1.")
        return math.log((1 + r) / (1 - r))

    def z_variance(n):
        return 1 / (n - 3)
""")

_HET_HEAD = """
    def heterogeneity(r, n):
        z = np.arctanh(np.asarray(r, dtype=float))
"""
mutation(EX05, "part2", "weights-n-not-n-minus-3", _HET_HEAD + """
        w = np.asarray(n, dtype=float)
        z_bar = (w * z).sum() / w.sum()
        q = float((w * (z - z_bar) ** 2).sum())
        df = len(z) - 1
        return {"q": q, "df": df, "i2": max(0.0, (q - df) / q)}
""")
mutation(EX05, "part2", "i2-not-floored-at-zero", _HET_HEAD + """
        w = np.asarray(n, dtype=float) - 3
        z_bar = (w * z).sum() / w.sum()
        q = float((w * (z - z_bar) ** 2).sum())
        df = len(z) - 1
        return {"q": q, "df": df, "i2": (q - df) / q}
""")
mutation(EX05, "part2", "unweighted-mean", _HET_HEAD + """
        w = np.asarray(n, dtype=float) - 3
        z_bar = z.mean()
        q = float((w * (z - z_bar) ** 2).sum())
        df = len(z) - 1
        return {"q": q, "df": df, "i2": max(0.0, (q - df) / q)}
""")
mutation(EX05, "part2", "i2-as-percentage", _HET_HEAD + """
        w = np.asarray(n, dtype=float) - 3
        z_bar = (w * z).sum() / w.sum()
        q = float((w * (z - z_bar) ** 2).sum())
        df = len(z) - 1
        return {"q": q, "df": df, "i2": 100 * max(0.0, (q - df) / q)}
""")

_POOL_HEAD = """
    def pool_random_effects(r, n):
        z = np.arctanh(np.asarray(r, dtype=float))
        w = np.asarray(n, dtype=float) - 3
        z_fixed = (w * z).sum() / w.sum()
        q = (w * (z - z_fixed) ** 2).sum()
        df = len(z) - 1
        c = w.sum() - (w ** 2).sum() / w.sum()
"""
_POOL_TAIL = """
        w_star = 1 / (1 / w + tau2)
        z_star = (w_star * z).sum() / w_star.sum()
        se = math.sqrt(1 / w_star.sum())
        return {"pooled_r": float(np.tanh(z_star)), "ci_low": float(np.tanh(z_star - 1.96 * se)),
                "ci_high": float(np.tanh(z_star + 1.96 * se)), "tau2": float(tau2)}
"""
mutation(EX05, "part3", "fixed-effect", _POOL_HEAD + """
        tau2 = 0.0  # ignores the between-study variance
""" + _POOL_TAIL)
mutation(EX05, "part3", "tau2-not-truncated", _POOL_HEAD + """
        tau2 = (q - df) / c
""" + _POOL_TAIL)
mutation(EX05, "part3", "no-back-transform", _POOL_HEAD + """
        tau2 = max(0.0, (q - df) / c)
        w_star = 1 / (1 / w + tau2)
        z_star = (w_star * z).sum() / w_star.sum()
        se = math.sqrt(1 / w_star.sum())
        return {"pooled_r": float(z_star), "ci_low": float(z_star - 1.96 * se),
                "ci_high": float(z_star + 1.96 * se), "tau2": float(tau2)}
""")
mutation(EX05, "part3", "tau2-added-to-weights", _POOL_HEAD + """
        tau2 = max(0.0, (q - df) / c)
        w_star = w + tau2  # adds tau2 to the weight instead of to the variance
        z_star = (w_star * z).sum() / w_star.sum()
        se = math.sqrt(1 / w_star.sum())
        return {"pooled_r": float(np.tanh(z_star)), "ci_low": float(np.tanh(z_star - 1.96 * se)),
                "ci_high": float(np.tanh(z_star + 1.96 * se)), "tau2": float(tau2)}
""")
mutation(EX05, "part3", "imports-reference", """
    from alliance.stats import pool_random_effects as _pool

    def pool_random_effects(r, n):
        res = _pool(list(r), list(n))
        return {"pooled_r": res.pooled_r, "ci_low": res.ci_low, "ci_high": res.ci_high, "tau2": res.tau2}
""", cheat=True)

mutation(EX05, "part4", "se-with-n", """
    forest_data = studies[["study", "r"]].copy()
    z = np.arctanh(studies["r"])
    se = np.sqrt(1 / studies["n"])
    forest_data["ci_low"] = np.tanh(z - 1.96 * se)
    forest_data["ci_high"] = np.tanh(z + 1.96 * se)
""")
mutation(EX05, "part4", "interval-on-the-r-scale", """
    forest_data = studies[["study", "r"]].copy()
    se = np.sqrt(1 / (studies["n"] - 3))
    forest_data["ci_low"] = studies["r"] - 1.96 * se
    forest_data["ci_high"] = studies["r"] + 1.96 * se
""")
mutation(EX05, "part4", "variance-instead-of-se", """
    forest_data = studies[["study", "r"]].copy()
    z = np.arctanh(studies["r"])
    variance = 1 / (studies["n"] - 3)
    forest_data["ci_low"] = np.tanh(z - 1.96 * variance)
    forest_data["ci_high"] = np.tanh(z + 1.96 * variance)
""")

# ------------------------------------------------------------------ ex06-therapist-effects
EX06 = "ex06-therapist-effects"

mutation(EX06, "part1", "grand-mean-centring", """
    def center_by_therapist(df, column):
        therapist_mean = df.groupby("therapist_id")[column].transform("mean")
        return pd.DataFrame({"between": therapist_mean, "within": df[column] - df[column].mean()}, index=df.index)
""")
mutation(EX06, "part1", "therapist-median", """
    def center_by_therapist(df, column):
        therapist_middle = df.groupby("therapist_id")[column].transform("median")
        return pd.DataFrame({"between": therapist_middle, "within": df[column] - therapist_middle}, index=df.index)
""")
mutation(EX06, "part1", "one-row-per-therapist", """
    def center_by_therapist(df, column):
        therapist_mean = df.groupby("therapist_id")[column].mean()
        within = df[column] - df["therapist_id"].map(therapist_mean)
        return pd.DataFrame({"between": therapist_mean, "within": within})
""")

mutation(EX06, "part2", "between-r-on-client-rows", """
    own_means = data.groupby("therapist_id")[["wai_sr_session3", "improvement"]].transform("mean")
    between_r = float(own_means["wai_sr_session3"].corr(data["improvement"]))
    deviations = data[["wai_sr_session3", "improvement"]] - own_means
    within_r = float(deviations["wai_sr_session3"].corr(deviations["improvement"]))
""")
mutation(EX06, "part2", "within-r-outcome-not-centred", """
    therapist_means = data.groupby("therapist_id")[["wai_sr_session3", "improvement"]].mean()
    between_r = float(therapist_means["wai_sr_session3"].corr(therapist_means["improvement"]))
    own_means = data.groupby("therapist_id")["wai_sr_session3"].transform("mean")
    within_r = float((data["wai_sr_session3"] - own_means).corr(data["improvement"]))
""")
mutation(EX06, "part2", "overall-r-as-within", """
    therapist_means = data.groupby("therapist_id")[["wai_sr_session3", "improvement"]].mean()
    between_r = float(therapist_means["wai_sr_session3"].corr(therapist_means["improvement"]))
    within_r = float(data["wai_sr_session3"].corr(data["improvement"]))
""")

_FRAME = """
    frame = data.copy()
    therapist_mean = frame.groupby("therapist_id")["wai_sr_session3"].transform("mean")
    frame["alliance_between"] = therapist_mean
    frame["alliance_within"] = frame["wai_sr_session3"] - therapist_mean
"""
mutation(EX06, "part3", "ordinary-regression", _FRAME + """
    fit = smf.ols("improvement ~ alliance_between + alliance_within", frame).fit()
    between_slope = float(fit.params["alliance_between"])
    within_slope = float(fit.params["alliance_within"])
""")
mutation(EX06, "part3", "grand-mean-centred-within", """
    frame = data.copy()
    frame["alliance_between"] = frame.groupby("therapist_id")["wai_sr_session3"].transform("mean")
    frame["alliance_within"] = frame["wai_sr_session3"] - frame["wai_sr_session3"].mean()
    fit = smf.mixedlm("improvement ~ alliance_between + alliance_within", frame,
                      groups=frame["therapist_id"]).fit(reml=True)
    between_slope = float(fit.params["alliance_between"])
    within_slope = float(fit.params["alliance_within"])
""")
mutation(EX06, "part3", "post-score-as-outcome", _FRAME + """
    fit = smf.mixedlm("phq9_post ~ alliance_between + alliance_within", frame,
                      groups=frame["therapist_id"]).fit(reml=True)
    between_slope = float(fit.params["alliance_between"])
    within_slope = float(fit.params["alliance_within"])
""")
mutation(EX06, "part3", "imports-reference", """
    from alliance.stats import therapist_effects

    result = therapist_effects(data, "improvement", "wai_sr_session3", "therapist_id")
    between_slope = result.between
    within_slope = result.within
""", cheat=True)

# ------------------------------------------------------------------ ex07-family-alliance
EX07 = "ex07-family-alliance"

mutation(EX07, "part1", "sum-not-mean", """
    member_scores = family_data[["family_id", "member_id", "role", "dropout"]].copy()
    member_scores["softa"] = family_data[item_columns].sum(axis=1)
""")
mutation(EX07, "part1", "mean-includes-dropout", """
    member_scores = family_data[["family_id", "member_id", "role", "dropout"]].copy()
    member_scores["softa"] = family_data.mean(axis=1, numeric_only=True)
""")
mutation(EX07, "part1", "first-four-items-only", """
    member_scores = family_data[["family_id", "member_id", "role", "dropout"]].copy()
    member_scores["softa"] = family_data[item_columns[:4]].mean(axis=1)
""")

_SPLIT_HEAD = """
    def split_alliance(scores):
        by_family = scores.groupby("family_id")["softa"]
        result = pd.DataFrame({"n_members": by_family.size(), "mean": by_family.mean()})
"""
mutation(EX07, "part2", "standard-deviation-not-range", _SPLIT_HEAD + """
        result["split"] = by_family.std().where(result["n_members"] >= 2)
        return result
""")
mutation(EX07, "part2", "one-member-split-zero", _SPLIT_HEAD + """
        result["split"] = by_family.max() - by_family.min()
        return result
""")
mutation(EX07, "part2", "first-two-members-only", _SPLIT_HEAD + """
        result["split"] = by_family.apply(lambda s: abs(s.iloc[0] - s.iloc[1]) if len(s) >= 2 else np.nan)
        return result
""")
mutation(EX07, "part2", "imports-reference", """
    from alliance.measures import split_alliance_index

    def split_alliance(scores):
        out = split_alliance_index(scores, score_col="softa")
        return out.rename(columns={"split_alliance": "split"})
""", cheat=True)

mutation(EX07, "part3", "member-level-correlation", """
    scores = family_data[item_columns].mean(axis=1)
    by_family = scores.groupby(family_data["family_id"])
    split = family_data["family_id"].map(by_family.max() - by_family.min())
    split_by_dropout = {
        "completed": float(split[family_data["dropout"] == 0].mean()),
        "dropped_out": float(split[family_data["dropout"] == 1].mean()),
    }
    r_split_dropout = float(split.corr(family_data["dropout"]))
""")
mutation(EX07, "part3", "standard-deviation-as-split", """
    scores = family_data[item_columns].mean(axis=1)
    by_family = scores.groupby(family_data["family_id"])
    families = pd.DataFrame({"split": by_family.std(),
                             "dropout": family_data.groupby("family_id")["dropout"].first()})
    split_by_dropout = {
        "completed": float(families.loc[families["dropout"] == 0, "split"].mean()),
        "dropped_out": float(families.loc[families["dropout"] == 1, "split"].mean()),
    }
    r_split_dropout = float(families["split"].corr(families["dropout"]))
""")
mutation(EX07, "part3", "groups-swapped", """
    scores = family_data[item_columns].mean(axis=1)
    by_family = scores.groupby(family_data["family_id"])
    families = pd.DataFrame({"split": by_family.max() - by_family.min(),
                             "dropout": family_data.groupby("family_id")["dropout"].first()})
    split_by_dropout = {
        "completed": float(families.loc[families["dropout"] == 1, "split"].mean()),
        "dropped_out": float(families.loc[families["dropout"] == 0, "split"].mean()),
    }
    r_split_dropout = float(families["split"].corr(families["dropout"]))
""")
