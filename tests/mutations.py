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
    wai = load_data("wai_sr_responses.csv", STUDENT_ID)
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        wai_scores[name] = wai[columns].sum(axis=1)
    wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
""")
mutation(EX01, "part3", "total-sum-skips-missing-subscale", """
    wai = load_data("wai_sr_responses.csv", STUDENT_ID)
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        answered = wai[columns].notna().sum(axis=1)
        wai_scores[name] = (wai[columns].mean(axis=1) * 4).where(answered >= 3)
    wai_scores["total"] = wai_scores[["goal", "task", "bond"]].sum(axis=1)
""")
mutation(EX01, "part3", "item-mean-metric", """
    wai = load_data("wai_sr_responses.csv", STUDENT_ID)
    subscales = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
    for name, items in subscales.items():
        columns = [f"wai_sr_{item:02d}" for item in items]
        answered = wai[columns].notna().sum(axis=1)
        wai_scores[name] = wai[columns].mean(axis=1).where(answered >= 3)
    wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
""")
mutation(EX01, "part3", "prorate-with-two-answered", """
    wai = load_data("wai_sr_responses.csv", STUDENT_ID)
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

# ------------------------------------------------------------------ ex10-dropout
EX10 = "ex10-dropout"
_GROUPS = """
    completed = data.loc[data["dropout"] == 0, "wai_sr_session3"]
    dropped_out = data.loc[data["dropout"] == 1, "wai_sr_session3"]
"""
mutation(EX10, "part1", "average-of-the-two-sds", """
    def cohens_d(group1, group2):
        # Wrong: averages the two variances without weighting them by group size.
        return float((group1.mean() - group2.mean()) / math.sqrt((group1.var() + group2.var()) / 2))
""" + _GROUPS + """
    d_alliance = cohens_d(completed, dropped_out)
""")
mutation(EX10, "part1", "population-sds", """
    def cohens_d(group1, group2):
        n1, n2 = len(group1), len(group2)
        # Wrong: np.std divides by n, not n - 1.
        pooled_var = ((n1 - 1) * np.std(group1) ** 2 + (n2 - 1) * np.std(group2) ** 2) / (n1 + n2 - 2)
        return float((group1.mean() - group2.mean()) / math.sqrt(pooled_var))
""" + _GROUPS + """
    d_alliance = cohens_d(completed, dropped_out)
""")
mutation(EX10, "part1", "sd-of-everyone", """
    def cohens_d(group1, group2):
        everyone = pd.concat([group1, group2])
        return float((group1.mean() - group2.mean()) / everyone.std())
""" + _GROUPS + """
    d_alliance = cohens_d(completed, dropped_out)
""")
mutation(EX10, "part1", "dropouts-first", """
    def cohens_d(group1, group2):
        n1, n2 = len(group1), len(group2)
        pooled_var = ((n1 - 1) * group1.var() + (n2 - 1) * group2.var()) / (n1 + n2 - 2)
        return float((group1.mean() - group2.mean()) / math.sqrt(pooled_var))
""" + _GROUPS + """
    d_alliance = cohens_d(dropped_out, completed)
""")
mutation(EX10, "part1", "imports-reference", """
    from alliance.stats import r_to_d

    def cohens_d(group1, group2):
        scores = pd.concat([group1, group2])
        member = [1] * len(group1) + [0] * len(group2)
        return float(r_to_d(np.corrcoef(scores, member)[0, 1]))
""" + _GROUPS + """
    d_alliance = cohens_d(completed, dropped_out)
""", cheat=True)

_OR_CALL = """
    or_alliance = odds_ratio_per_point(data, "wai_sr_session3")
"""
mutation(EX10, "part2", "log-odds-not-exponentiated", """
    def odds_ratio_per_point(df, predictor):
        fit = smf.logit(f"dropout ~ {predictor}", data=df).fit(disp=0)
        low, high = fit.conf_int().loc[predictor]
        return (fit.params[predictor], low, high)
""" + _OR_CALL)
mutation(EX10, "part2", "ci-symmetric-around-the-odds-ratio", """
    def odds_ratio_per_point(df, predictor):
        fit = smf.logit(f"dropout ~ {predictor}", data=df).fit(disp=0)
        odds_ratio = math.exp(fit.params[predictor])
        se = fit.bse[predictor]
        return (odds_ratio, odds_ratio - 1.96 * se, odds_ratio + 1.96 * se)
""" + _OR_CALL)
mutation(EX10, "part2", "ordinary-regression", """
    def odds_ratio_per_point(df, predictor):
        fit = smf.ols(f"dropout ~ {predictor}", data=df).fit()
        low, high = fit.conf_int().loc[predictor]
        return (math.exp(fit.params[predictor]), math.exp(low), math.exp(high))
""" + _OR_CALL)
mutation(EX10, "part2", "fixed-column-name", """
    def odds_ratio_per_point(df, predictor):
        fit = smf.logit("dropout ~ wai_sr_session3", data=df).fit(disp=0)
        low, high = fit.conf_int().loc["wai_sr_session3"]
        return (math.exp(fit.params["wai_sr_session3"]), math.exp(low), math.exp(high))
""" + _OR_CALL)

_CURVE_HEAD = """
    fit = smf.logit("dropout ~ wai_sr_session3", data=data).fit(disp=0)
    scores = range(data["wai_sr_session3"].min(), data["wai_sr_session3"].max() + 1)
    curve = pd.DataFrame({"wai_sr_session3": list(scores)})
    a, b = fit.params["Intercept"], fit.params["wai_sr_session3"]
"""
_CHART = """
    line = alt.Chart(curve).mark_line().encode(
        x=alt.X("wai_sr_session3:Q", title="WAI-SR total after session 3"),
        y=alt.Y("predicted:Q", title="Probability of dropping out"),
    )
    points = alt.Chart(observed).mark_point().encode(x="wai_sr_session3:Q", y="share_dropped_out:Q")
    chart = line + points
"""
mutation(EX10, "part3", "log-odds-on-y", _CURVE_HEAD + """
    curve["predicted"] = a + b * curve["wai_sr_session3"]
""" + _CHART)
mutation(EX10, "part3", "straight-line-probability", """
    fit = smf.ols("dropout ~ wai_sr_session3", data=data).fit()
    scores = range(data["wai_sr_session3"].min(), data["wai_sr_session3"].max() + 1)
    curve = pd.DataFrame({"wai_sr_session3": list(scores)})
    curve["predicted"] = fit.predict(curve)
""" + _CHART)
mutation(EX10, "part3", "no-observed-points", _CURVE_HEAD + """
    curve["predicted"] = 1 / (1 + np.exp(-(a + b * curve["wai_sr_session3"])))
    chart = alt.Chart(curve).mark_line().encode(
        x=alt.X("wai_sr_session3:Q", title="WAI-SR total after session 3"),
        y=alt.Y("predicted:Q", title="Probability of dropping out"),
    )
""")
mutation(EX10, "part3", "axes-swapped", _CURVE_HEAD + """
    curve["predicted"] = 1 / (1 + np.exp(-(a + b * curve["wai_sr_session3"])))
    line = alt.Chart(curve).mark_line().encode(
        x=alt.X("predicted:Q", title="Probability of dropping out"),
        y=alt.Y("wai_sr_session3:Q", title="WAI-SR total after session 3"),
    )
    points = alt.Chart(observed).mark_point().encode(x="share_dropped_out:Q", y="wai_sr_session3:Q")
    chart = line + points
""")

_SCREEN_CALL = """
    screen_40 = screen(data, 40)
"""
mutation(EX10, "part4", "at-or-below-threshold", """
    def screen(df, threshold):
        flagged = df["wai_sr_session3"] <= threshold
        dropped = df["dropout"] == 1
        hits = int((flagged & dropped).sum())
        return {"contacted": int(flagged.sum()), "ppv": hits / int(flagged.sum()),
                "sensitivity": hits / int(dropped.sum()), "false_alarms": int((flagged & ~dropped).sum())}
""" + _SCREEN_CALL)
mutation(EX10, "part4", "ppv-and-sensitivity-swapped", """
    def screen(df, threshold):
        flagged = df["wai_sr_session3"] < threshold
        dropped = df["dropout"] == 1
        hits = int((flagged & dropped).sum())
        return {"contacted": int(flagged.sum()), "ppv": hits / int(dropped.sum()),
                "sensitivity": hits / int(flagged.sum()), "false_alarms": int((flagged & ~dropped).sum())}
""" + _SCREEN_CALL)
mutation(EX10, "part4", "sensitivity-out-of-everyone", """
    def screen(df, threshold):
        flagged = df["wai_sr_session3"] < threshold
        dropped = df["dropout"] == 1
        hits = int((flagged & dropped).sum())
        return {"contacted": int(flagged.sum()), "ppv": hits / int(flagged.sum()),
                "sensitivity": hits / len(df), "false_alarms": int((flagged & ~dropped).sum())}
""" + _SCREEN_CALL)

# ------------------------------------------------------------------ ex09-humility-alliance
EX09 = "ex09-humility-alliance"

mutation(EX09, "part1", "post-score-as-outcome", """
    correlations = {
        "humility_alliance": float(data["humility"].corr(data["wai_sr_total"])),
        "alliance_improvement": float(data["wai_sr_total"].corr(data["phq9_post"])),
        "humility_improvement": float(data["humility"].corr(data["phq9_post"])),
    }
""")
mutation(EX09, "part1", "change-the-wrong-way-round", """
    change = data["phq9_post"] - data["phq9_pre"]
    correlations = {
        "humility_alliance": float(data["humility"].corr(data["wai_sr_total"])),
        "alliance_improvement": float(data["wai_sr_total"].corr(change)),
        "humility_improvement": float(data["humility"].corr(change)),
    }
""")
mutation(EX09, "part1", "spearman", """
    correlations = {
        "humility_alliance": float(data["humility"].corr(data["wai_sr_total"], method="spearman")),
        "alliance_improvement": float(data["wai_sr_total"].corr(data["improvement"], method="spearman")),
        "humility_improvement": float(data["humility"].corr(data["improvement"], method="spearman")),
    }
""")
mutation(EX09, "part1", "imports-reference", """
    from alliance.data import load_humility_alliance

    _course = load_humility_alliance()
    _improvement = _course["phq9_pre"] - _course["phq9_post"]
    correlations = {
        "humility_alliance": float(_course["humility"].corr(_course["wai_sr_total"])),
        "alliance_improvement": float(_course["wai_sr_total"].corr(_improvement)),
        "humility_improvement": float(_course["humility"].corr(_improvement)),
    }
""", cheat=True)

_PATHS_CALL = """

    paths = mediation_paths(data["humility"], data["wai_sr_total"], data["improvement"])
"""
mutation(EX09, "part2", "b-without-holding-humility-constant", """
    def mediation_paths(x, m, y):
        x, m, y = (np.asarray(v, dtype=float) for v in (x, m, y))
        a = np.polyfit(x, m, 1)[0]
        b = np.polyfit(m, y, 1)[0]  # the slope of y on m alone
        design = np.column_stack([np.ones(len(x)), x, m])
        c_prime = np.linalg.lstsq(design, y, rcond=None)[0][1]
        return {"a": float(a), "b": float(b), "c_prime": float(c_prime), "indirect": float(a * b)}
""" + _PATHS_CALL)
mutation(EX09, "part2", "a-regressed-the-wrong-way", """
    def mediation_paths(x, m, y):
        x, m, y = (np.asarray(v, dtype=float) for v in (x, m, y))
        a = np.polyfit(m, x, 1)[0]  # predicts humility from the alliance
        design = np.column_stack([np.ones(len(x)), x, m])
        intercept, c_prime, b = np.linalg.lstsq(design, y, rcond=None)[0]
        return {"a": float(a), "b": float(b), "c_prime": float(c_prime), "indirect": float(a * b)}
""" + _PATHS_CALL)
mutation(EX09, "part2", "correlation-as-a", """
    def mediation_paths(x, m, y):
        x, m, y = (np.asarray(v, dtype=float) for v in (x, m, y))
        a = np.corrcoef(x, m)[0, 1]
        design = np.column_stack([np.ones(len(x)), x, m])
        intercept, c_prime, b = np.linalg.lstsq(design, y, rcond=None)[0]
        return {"a": float(a), "b": float(b), "c_prime": float(c_prime), "indirect": float(a * b)}
""" + _PATHS_CALL)
mutation(EX09, "part2", "total-effect-as-direct", """
    def mediation_paths(x, m, y):
        x, m, y = (np.asarray(v, dtype=float) for v in (x, m, y))
        a = np.polyfit(x, m, 1)[0]
        design = np.column_stack([np.ones(len(x)), x, m])
        b = np.linalg.lstsq(design, y, rcond=None)[0][2]
        c_prime = np.polyfit(x, y, 1)[0]  # the slope of y on x alone is the total effect c
        return {"a": float(a), "b": float(b), "c_prime": float(c_prime), "indirect": float(a * b)}
""" + _PATHS_CALL)

_BOOT_HEAD = """
    def bootstrap_indirect(x, m, y, n_boot=2000, seed=2013):
        x, m, y = (np.asarray(v, dtype=float) for v in (x, m, y))
        rng = np.random.default_rng(seed)
        n = len(x)

        def indirect(xs, ms, ys):
            a = np.polyfit(xs, ms, 1)[0]
            design = np.column_stack([np.ones(len(xs)), xs, ms])
            return a * np.linalg.lstsq(design, ys, rcond=None)[0][2]

"""
_BOOT_CALL = """

    boot = bootstrap_indirect(data["humility"], data["wai_sr_total"], data["improvement"])
"""
mutation(EX09, "part3", "variables-resampled-separately", _BOOT_HEAD + """
        estimates = []
        for _ in range(n_boot):
            rows_x = rng.integers(0, n, size=n)
            rows_m = rng.integers(0, n, size=n)
            rows_y = rng.integers(0, n, size=n)
            estimates.append(indirect(x[rows_x], m[rows_m], y[rows_y]))
        low, high = np.percentile(estimates, [2.5, 97.5])
        return {"indirect": float(indirect(x, m, y)), "ci_low": float(low), "ci_high": float(high)}
""" + _BOOT_CALL)
mutation(EX09, "part3", "normal-theory-interval", _BOOT_HEAD + """
        estimates = []
        for _ in range(n_boot):
            rows = rng.integers(0, n, size=n)
            estimates.append(indirect(x[rows], m[rows], y[rows]))
        estimate = indirect(x, m, y)
        spread = np.std(estimates, ddof=1)
        return {"indirect": float(estimate), "ci_low": float(estimate - 1.96 * spread),
                "ci_high": float(estimate + 1.96 * spread)}
""" + _BOOT_CALL)
mutation(EX09, "part3", "ninety-percent-interval", _BOOT_HEAD + """
        estimates = []
        for _ in range(n_boot):
            rows = rng.integers(0, n, size=n)
            estimates.append(indirect(x[rows], m[rows], y[rows]))
        low, high = np.percentile(estimates, [5, 95])
        return {"indirect": float(indirect(x, m, y)), "ci_low": float(low), "ci_high": float(high)}
""" + _BOOT_CALL)
mutation(EX09, "part3", "bootstrap-mean-as-estimate", _BOOT_HEAD + """
        estimates = []
        for _ in range(n_boot):
            rows = rng.integers(0, n, size=n)
            estimates.append(indirect(x[rows], m[rows], y[rows]))
        low, high = np.percentile(estimates, [2.5, 97.5])
        return {"indirect": float(np.mean(estimates)), "ci_low": float(low), "ci_high": float(high)}
""" + _BOOT_CALL)

# ------------------------------------------------------------------ ex08-rater-agreement
EX08 = "ex08-rater-agreement"

_MS_HEAD = '''
    def mean_squares(table):
        x = table.to_numpy(dtype=float)
        n, k = x.shape
        grand = x.mean()
'''
mutation(EX08, "part1", "sums-of-squares-not-divided", _MS_HEAD + """
        ss_sessions = k * ((x.mean(axis=1) - grand) ** 2).sum()
        ss_raters = n * ((x.mean(axis=0) - grand) ** 2).sum()
        ss_error = ((x - grand) ** 2).sum() - ss_sessions - ss_raters
        return {"sessions": float(ss_sessions), "raters": float(ss_raters), "error": float(ss_error)}
""")
mutation(EX08, "part1", "error-divided-by-nk-minus-1", _MS_HEAD + """
        ss_sessions = k * ((x.mean(axis=1) - grand) ** 2).sum()
        ss_raters = n * ((x.mean(axis=0) - grand) ** 2).sum()
        ss_error = ((x - grand) ** 2).sum() - ss_sessions - ss_raters
        return {"sessions": float(ss_sessions / (n - 1)), "raters": float(ss_raters / (k - 1)),
                "error": float(ss_error / (n * k - 1))}
""")
mutation(EX08, "part1", "sessions-without-k", _MS_HEAD + """
        ss_sessions = ((x.mean(axis=1) - grand) ** 2).sum()  # forgot: each row mean stands for k ratings
        ss_raters = n * ((x.mean(axis=0) - grand) ** 2).sum()
        ss_error = ((x - grand) ** 2).sum() - k * ss_sessions - ss_raters
        return {"sessions": float(ss_sessions / (n - 1)), "raters": float(ss_raters / (k - 1)),
                "error": float(ss_error / ((n - 1) * (k - 1)))}
""")
mutation(EX08, "part1", "rows-and-columns-swapped", _MS_HEAD + """
        ss_sessions = n * ((x.mean(axis=0) - grand) ** 2).sum()
        ss_raters = k * ((x.mean(axis=1) - grand) ** 2).sum()
        ss_error = ((x - grand) ** 2).sum() - ss_sessions - ss_raters
        return {"sessions": float(ss_sessions / (k - 1)), "raters": float(ss_raters / (n - 1)),
                "error": float(ss_error / ((n - 1) * (k - 1)))}
""")

mutation(EX08, "part2", "no-rater-term", """
    def icc_forms(ms, n, k):
        s, r, e = ms["sessions"], ms["raters"], ms["error"]
        return {"ICC(2,1)": (s - e) / (s + (k - 1) * e), "ICC(3,1)": (s - e) / (s + (k - 1) * e),
                "ICC(2,k)": (s - e) / s, "ICC(3,k)": (s - e) / s}
""")
mutation(EX08, "part2", "single-and-average-swapped", """
    def icc_forms(ms, n, k):
        s, r, e = ms["sessions"], ms["raters"], ms["error"]
        return {"ICC(2,k)": (s - e) / (s + (k - 1) * e + k * (r - e) / n),
                "ICC(3,k)": (s - e) / (s + (k - 1) * e),
                "ICC(2,1)": (s - e) / (s + (r - e) / n),
                "ICC(3,1)": (s - e) / s}
""")
mutation(EX08, "part2", "rater-term-not-divided-by-n", """
    def icc_forms(ms, n, k):
        s, r, e = ms["sessions"], ms["raters"], ms["error"]
        return {"ICC(2,1)": (s - e) / (s + (k - 1) * e + k * (r - e)),
                "ICC(3,1)": (s - e) / (s + (k - 1) * e),
                "ICC(2,k)": (s - e) / (s + (r - e)),
                "ICC(3,k)": (s - e) / s}
""")
mutation(EX08, "part2", "k-minus-1-left-out", """
    def icc_forms(ms, n, k):
        s, r, e = ms["sessions"], ms["raters"], ms["error"]
        return {"ICC(2,1)": (s - e) / (s + e + k * (r - e) / n),
                "ICC(3,1)": (s - e) / (s + e),
                "ICC(2,k)": (s - e) / (s + (r - e) / n),
                "ICC(3,k)": (s - e) / s}
""")

_KAPPA_HEAD = '''
    def quadratic_weighted_kappa(a, b, categories):
        values = np.asarray(categories, dtype=float)
        observed = pd.crosstab(pd.Series(np.asarray(a)), pd.Series(np.asarray(b)), normalize=True)
        observed = observed.reindex(index=categories, columns=categories, fill_value=0).to_numpy()
        expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
'''
mutation(EX08, "part4", "linear-weights", _KAPPA_HEAD + """
        weights = np.abs(values[:, None] - values[None, :]) / (values.max() - values.min())
        return float(1 - (weights * observed).sum() / (weights * expected).sum())
""")
mutation(EX08, "part4", "unweighted-kappa", _KAPPA_HEAD + """
        agree, chance = np.trace(observed), np.trace(expected)
        return float((agree - chance) / (1 - chance))
""")
mutation(EX08, "part4", "no-chance-correction", _KAPPA_HEAD + """
        weights = (values[:, None] - values[None, :]) ** 2 / (values.max() - values.min()) ** 2
        return float(1 - (weights * observed).sum())
""")
mutation(EX08, "part4", "only-the-categories-used", """
    def quadratic_weighted_kappa(a, b, categories):
        observed = pd.crosstab(pd.Series(np.asarray(a)), pd.Series(np.asarray(b)), normalize=True)
        used = sorted(set(observed.index) | set(observed.columns))
        observed = observed.reindex(index=used, columns=used, fill_value=0).to_numpy()
        expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
        position = np.arange(len(used), dtype=float)  # counts steps between the categories used
        weights = (position[:, None] - position[None, :]) ** 2 / (len(categories) - 1) ** 2
        return float(1 - (weights * observed).sum() / (weights * expected).sum())
""")
mutation(EX08, "part4", "statsmodels-cohens-kappa", """
    from statsmodels.stats.inter_rater import cohens_kappa

    def quadratic_weighted_kappa(a, b, categories):
        table = pd.crosstab(pd.Series(np.asarray(a)), pd.Series(np.asarray(b)))
        table = table.reindex(index=categories, columns=categories, fill_value=0).to_numpy()
        return float(cohens_kappa(table, weights=np.asarray(categories, dtype=float), wt="quadratic",
                                  return_results=False))
""", cheat=True)
