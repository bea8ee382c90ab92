"""A simulated class of honest students for ex01-wai-sr, and one copy, for the similarity tests.

Honest work is built from seven genuinely different correct implementations of each code part
(Part 1 scoring, Part 2 prorating, Part 3 a whole data set) and seven wordings of each of the
three points the written answer (Part 4) must make. Student ``s`` takes implementation
``(a, b, (a + b) % 7)`` of Parts 1-3 and wordings ``(b, (a + 2b) % 7, (a + 3b) % 7)``, where
``a, b = divmod(s, 7)``: any two honest students share at most one of their three code parts and
at most one of their three written points, the most that honest students who happen to write
the obvious solution share. The implementations differ in approach, not just in names: loops,
comprehensions, lookup tables, numpy, pandas, helper functions.

The copy: student :data:`ORIGINAL`'s code with every name changed, the two helper functions of
Part 1 in the other order and the docstrings rewritten; its written answer is its own.
All students and their work are fictional.
"""

from __future__ import annotations

import copy

import nbformat

PART1 = [
    # 0: a table of subscales, a loop, explicit checks
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    if len(responses) != 12:
        raise ValueError("need exactly 12 answers")
    if any(r < 1 or r > 5 for r in responses):
        raise ValueError("every answer must be between 1 and 5")
    result = {}
    for scale, numbers in (("goal", (4, 6, 8, 11)), ("task", (1, 2, 10, 12)),
                           ("bond", (3, 5, 7, 9))):
        result[scale] = sum(responses[n - 1] for n in numbers)
    result["total"] = sum(responses)
    return result
''',
    # 1: each item looked up in an item -> subscale map
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    owner = {1: "task", 2: "task", 3: "bond", 4: "goal", 5: "bond", 6: "goal",
             7: "bond", 8: "goal", 9: "bond", 10: "task", 11: "goal", 12: "task"}
    if len(responses) != len(owner):
        raise ValueError(f"expected 12 responses, got {len(responses)}")
    totals = dict.fromkeys(["goal", "task", "bond"], 0)
    for item, answer in zip(range(1, 13), responses):
        if answer not in (1, 2, 3, 4, 5):
            raise ValueError(f"item {item} has the value {answer}")
        totals[owner[item]] += answer
    totals["total"] = totals["goal"] + totals["task"] + totals["bond"]
    return totals
''',
    # 2: numpy with zero-based index arrays
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    arr = np.asarray(responses, dtype=float)
    if arr.shape != (12,):
        raise ValueError("The WAI-SR needs 12 answers.")
    if arr.min() < 1 or arr.max() > 5:
        raise ValueError("Answers must lie in 1..5.")
    goal = arr[[3, 5, 7, 10]].sum()
    task = arr[[0, 1, 9, 11]].sum()
    bond = arr[[2, 4, 6, 8]].sum()
    return {"goal": float(goal), "task": float(task), "bond": float(bond),
            "total": float(arr.sum())}
''',
    # 3: two helper functions, then the scorer (the copier takes this one)
    '''def check_answers(answers):
    """Stop with a message when the answers cannot be WAI-SR answers."""
    if len(answers) != 12:
        raise ValueError("There should be 12 answers, not %d." % len(answers))
    for position, value in enumerate(answers):
        if value < 1 or value > 5:
            raise ValueError("Answer %d is out of range: %s" % (position + 1, value))


def add_items(answers, items):
    """Add up the answers to the given item numbers (counted from 1)."""
    subtotal = 0
    for item in items:
        subtotal = subtotal + answers[item - 1]
    return subtotal


def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    check_answers(responses)
    g = add_items(responses, [4, 6, 8, 11])
    t = add_items(responses, [1, 2, 10, 12])
    b = add_items(responses, [3, 5, 7, 9])
    return {"goal": g, "task": t, "bond": b, "total": g + t + b}
''',
    # 4: written out item by item
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    if not len(responses) == 12:
        raise ValueError("wrong number of items")
    for x in responses:
        if not 1 <= x <= 5:
            raise ValueError(f"{x} is not a valid answer")
    r = responses
    goal = r[3] + r[5] + r[7] + r[10]
    task = r[0] + r[1] + r[9] + r[11]
    bond = r[2] + r[4] + r[6] + r[8]
    return dict(goal=goal, task=task, bond=bond, total=goal + task + bond)
''',
    # 5: pandas Series with item numbers as the index
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    s = pd.Series(list(responses), index=range(1, len(responses) + 1))
    if len(s) != 12:
        raise ValueError("A WAI-SR has twelve items")
    bad = s[(s < 1) | (s > 5)]
    if not bad.empty:
        raise ValueError(f"Out-of-range answers at items {list(bad.index)}")
    out = {"goal": s.loc[[4, 6, 8, 11]].sum(), "task": s.loc[[1, 2, 10, 12]].sum(),
           "bond": s.loc[[3, 5, 7, 9]].sum()}
    out = {key: float(val) for key, val in out.items()}
    out["total"] = float(s.sum())
    return out
''',
    # 6: sets of item numbers and a comprehension over enumerate
    '''def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    try:
        assert len(responses) == 12
        assert all(1 <= v <= 5 for v in responses)
    except AssertionError:
        raise ValueError("Give 12 answers, each from 1 to 5.") from None
    keys = {"goal": {4, 6, 8, 11}, "task": {1, 2, 10, 12}, "bond": {3, 5, 7, 9}}
    scored = {k: sum(v for i, v in enumerate(responses, 1) if i in members)
              for k, members in keys.items()}
    scored["total"] = sum(scored.values())
    return scored
''',
]

PART2 = [
    # 0: loop with a counter
    '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    result = {}
    for scale, numbers in (("goal", (4, 6, 8, 11)), ("task", (1, 2, 10, 12)),
                           ("bond", (3, 5, 7, 9))):
        total, count = 0, 0
        for n in numbers:
            if responses[n - 1] is not None:
                total += responses[n - 1]
                count += 1
        result[scale] = total / count * 4 if count >= 3 else float("nan")
    result["total"] = result["goal"] + result["task"] + result["bond"]
    return result
''',
    # 1: numpy nanmean
    '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    values = np.array([np.nan if v is None else v for v in responses], dtype=float)
    idx = {"goal": [3, 5, 7, 10], "task": [0, 1, 9, 11], "bond": [2, 4, 6, 8]}
    out = {}
    for name, where in idx.items():
        chunk = values[where]
        enough = np.count_nonzero(~np.isnan(chunk)) >= 3
        out[name] = float(np.nanmean(chunk) * 4) if enough else float("nan")
    out["total"] = out["goal"] + out["task"] + out["bond"]
    return out
''',
    # 2: pandas mean skips NaN; count() counts answers
    '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    ser = pd.Series(responses, index=range(1, 13), dtype="float")
    scores = {}
    for k, items in {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12],
                     "bond": [3, 5, 7, 9]}.items():
        part = ser.loc[items]
        scores[k] = part.mean() * 4 if part.count() >= 3 else math.nan
    scores["total"] = sum(scores[k] for k in ("goal", "task", "bond"))
    return scores
''',
    # 3: a helper that prorates one subscale
    '''def prorate(answers, minimum=3, length=4):
    """Mean of the answered items times the number of items, or nan if too few."""
    present = [a for a in answers if a is not None]
    if len(present) < minimum:
        return float("nan")
    return length * sum(present) / len(present)


def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    pick = lambda nums: [responses[i - 1] for i in nums]  # noqa: E731
    goal = prorate(pick([4, 6, 8, 11]))
    task = prorate(pick([1, 2, 10, 12]))
    bond = prorate(pick([3, 5, 7, 9]))
    return {"goal": goal, "task": task, "bond": bond, "total": goal + task + bond}
''',
    # 4: statistics.mean and an early exit for missing subscales
    '''import statistics


def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    layout = [("goal", [4, 6, 8, 11]), ("task", [1, 2, 10, 12]), ("bond", [3, 5, 7, 9])]
    res = {}
    for label, members in layout:
        got = list(filter(lambda v: v is not None, (responses[m - 1] for m in members)))
        missing = len(members) - len(got)
        res[label] = math.nan if missing >= 2 else statistics.mean(got) * len(members)
    res["total"] = math.fsum(res[label] for label, _ in layout)
    return res
''',
    # 5: counts missing first, using a while loop
    '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    groups = {"goal": (4, 6, 8, 11), "task": (1, 2, 10, 12), "bond": (3, 5, 7, 9)}
    final = {}
    for g in groups:
        answered_sum = 0.0
        skipped = 0
        i = 0
        while i < 4:
            v = responses[groups[g][i] - 1]
            if v is None:
                skipped += 1
            else:
                answered_sum += v
            i += 1
        final[g] = answered_sum / (4 - skipped) * 4 if skipped <= 1 else float("nan")
    final["total"] = final["goal"] + final["task"] + final["bond"]
    if any(math.isnan(final[g]) for g in groups):
        final["total"] = float("nan")
    return final
''',
    # 6: zero-based index tuples, comprehension, then any() for the total
    '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    zero_based = {"goal": (3, 5, 7, 10), "task": (0, 1, 9, 11), "bond": (2, 4, 6, 8)}
    answered = {s: [responses[j] for j in js if responses[j] is not None]
                for s, js in zero_based.items()}
    scores = {s: (sum(a) * 4 / len(a) if len(a) > 2 else float("nan"))
              for s, a in answered.items()}
    scores["total"] = (float("nan") if any(math.isnan(x) for x in scores.values())
                       else sum(scores.values()))
    return scores
''',
]

_READ = 'wai = pd.read_csv("wai_sr_responses.csv")\n'
_SHOW = "wai_scores.head()\n"
PART3 = [_READ + body + _SHOW for body in [
    # 0: the Part 2 function row by row
    '''rows = []
for _, record in wai.iterrows():
    items = [None if pd.isna(record[f"wai_sr_{i:02d}"]) else record[f"wai_sr_{i:02d}"]
             for i in range(1, 13)]
    scored = score_with_missing(items)
    rows.append({"therapist_id": record["therapist_id"], "client_id": record["client_id"],
                 "session": record["session"], **scored})
wai_scores = pd.DataFrame(rows)
''',
    # 1: numpy arrays, column blocks
    '''block = wai.filter(like="wai_sr_").to_numpy(dtype=float)
wai_scores = wai.loc[:, ["therapist_id", "client_id", "session"]].copy()
for label, cols in {"goal": [3, 5, 7, 10], "task": [0, 1, 9, 11], "bond": [2, 4, 6, 8]}.items():
    sub = block[:, cols]
    n_ok = np.sum(~np.isnan(sub), axis=1)
    with np.errstate(invalid="ignore"):
        means = np.nanmean(sub, axis=1)
    wai_scores[label] = np.where(n_ok >= 3, means * 4, np.nan)
wai_scores["total"] = wai_scores[["goal", "task", "bond"]].sum(axis=1, skipna=False)
''',
    # 2: apply with a helper on each row
    '''def prorated(row, numbers):
    vals = row[[f"wai_sr_{n:02d}" for n in numbers]]
    return vals.mean() * 4 if vals.notna().sum() >= 3 else np.nan


keys = {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
wai_scores = wai[["therapist_id", "client_id", "session"]].copy()
for scale in keys:
    wai_scores[scale] = wai.apply(prorated, axis=1, numbers=keys[scale])
wai_scores["total"] = wai_scores.goal + wai_scores.task + wai_scores.bond
''',
    # 3: assign with mask
    '''def subscale(frame, items):
    cols = ["wai_sr_%02d" % i for i in items]
    score = frame[cols].mean(axis=1) * 4
    score[frame[cols].isna().sum(axis=1) > 1] = np.nan
    return score


wai_scores = wai[["therapist_id", "client_id", "session"]].assign(
    goal=subscale(wai, (4, 6, 8, 11)),
    task=subscale(wai, (1, 2, 10, 12)),
    bond=subscale(wai, (3, 5, 7, 9)),
)
wai_scores = wai_scores.assign(total=lambda d: d["goal"] + d["task"] + d["bond"])
''',
    # 4: melt to long form, group, pivot back
    '''scale_of = {f"wai_sr_{i:02d}": s for s, its in
            {"goal": (4, 6, 8, 11), "task": (1, 2, 10, 12), "bond": (3, 5, 7, 9)}.items()
            for i in its}
long = wai.reset_index().melt(id_vars=["index", "therapist_id", "client_id", "session"],
                              value_vars=list(scale_of), var_name="item", value_name="answer")
long["scale"] = long["item"].map(scale_of)
agg = long.groupby(["index", "scale"])["answer"].agg(["mean", "count"])
agg["score"] = (agg["mean"] * 4).where(agg["count"] >= 3)
wide = agg["score"].unstack("scale")
wai_scores = wai[["therapist_id", "client_id", "session"]].join(wide[["goal", "task", "bond"]])
wai_scores["total"] = wai_scores["goal"] + wai_scores["task"] + wai_scores["bond"]
''',
    # 5: list comprehension over plain lists of values
    '''item_cols = [c for c in wai.columns if c.startswith("wai_sr_")]
records = wai[item_cols].values.tolist()
def _score(vals, nums):
    present = [vals[k - 1] for k in nums if vals[k - 1] == vals[k - 1]]
    return sum(present) * 4 / len(present) if len(present) >= 3 else float("nan")
out = pd.DataFrame({
    "goal": [_score(v, [4, 6, 8, 11]) for v in records],
    "task": [_score(v, [1, 2, 10, 12]) for v in records],
    "bond": [_score(v, [3, 5, 7, 9]) for v in records],
})
out["total"] = out["goal"] + out["task"] + out["bond"]
wai_scores = pd.concat([wai[["therapist_id", "client_id", "session"]], out], axis=1)
''',
    # 6: sum and count, divided, with DataFrame.where
    '''ids = wai[["therapist_id", "client_id", "session"]]
parts = {}
for nm, its in [("goal", [4, 6, 8, 11]), ("task", [1, 2, 10, 12]), ("bond", [3, 5, 7, 9])]:
    sel = wai[["wai_sr_" + str(i).zfill(2) for i in its]]
    parts[nm] = (sel.sum(axis=1) / sel.count(axis=1) * 4).where(sel.count(axis=1) > 2)
wai_scores = ids.join(pd.DataFrame(parts))
wai_scores["total"] = wai_scores["goal"].add(wai_scores["task"]).add(wai_scores["bond"])
''',
]]

# The written answer (Part 4): (a) the profile, (b) a next step, (c) a caution.
PROFILE = [
    "The bond is this client's strongest area, while agreement on goals is the weakest, and "
    "the overall total sits well under the average client's.",
    "Looking at the numbers, the client seems to like the counselor, yet they rarely agree on "
    "what therapy should achieve; compared with everyone else the whole profile is low.",
    "Goal agreement trails far behind: bond stays near the top of its range and task is in the "
    "middle, so the sum is clearly lower than the class mean.",
    "My reading is an attached client without a shared direction, since goal scores lag bond "
    "scores by several points and the total never reaches typical levels.",
    "Emotionally the relationship holds up, but the client and counselor do not seem to be "
    "working toward the same ends, which pulls the total below the norm.",
    "Of the three subscales, bond leads and goal comes last; next to the average row this "
    "person scores lower at every session shown.",
    "This profile is uneven: a warm connection, weak consensus about objectives, tasks in "
    "between, and a total that never catches up with other clients.",
]
NEXT_STEP = [
    "Next time I would ask what the client wants to be different in a month and write one "
    "shared goal together.",
    "I would open the session by reviewing the WAI-SR answers with them and inviting them to "
    "say what they hope counseling changes.",
    "A useful step is a collaborative goal-setting conversation, checking that the aims are "
    "theirs rather than mine.",
    "I might ask directly whether our work feels relevant to their reasons for coming, then "
    "adjust the focus accordingly.",
    "The counselor could spend part of the hour clarifying priorities and agreeing on a small, "
    "concrete target for the coming weeks.",
    "In supervision terms, I would plan to renegotiate the contract: what are we aiming for, "
    "and how will we know it is happening?",
    "One option is a brief outcome-focused check-in each week so goal disagreements surface "
    "before they grow.",
]
CAUTION = [
    "Still, these are self-reports from a single client, so small changes may be noise.",
    "A caution: one person's ratings on a short scale carry measurement error, so I would not "
    "over-read a shift of a point or two.",
    "I would hold this loosely because the numbers start a conversation rather than diagnose "
    "anything.",
    "Bear in mind that the data are simulated and a single case says nothing general about "
    "other clients.",
    "Ceiling effects and the client's wish to please could both shape these ratings, so they "
    "need checking in person.",
    "Scores can drift session to session for reasons unrelated to the alliance, such as mood "
    "on the day of rating.",
    "Finally, without an observer's view we only have one perspective, which limits how "
    "confident we can be.",
]

# Student ORIGINAL's code, copied: every name changed, helpers reordered, docstrings rewritten.
COPIED_PART1 = '''def sum_of(vals, which):
    """Total of the listed item numbers (1-based)."""
    acc = 0
    for w in which:
        acc = acc + vals[w - 1]
    return acc


def validate(vals):
    """Raise if these are not valid answers."""
    if len(vals) != 12:
        raise ValueError("There should be 12 answers, not %d." % len(vals))
    for idx, v in enumerate(vals):
        if v < 1 or v > 5:
            raise ValueError("Answer %d is out of range: %s" % (idx + 1, v))


def score_wai_sr(responses):
    """Return the WAI-SR goal, task and bond sums and the total for 12 answers."""
    validate(responses)
    goal_sum = sum_of(responses, [4, 6, 8, 11])
    task_sum = sum_of(responses, [1, 2, 10, 12])
    bond_sum = sum_of(responses, [3, 5, 7, 9])
    return {"goal": goal_sum, "task": task_sum, "bond": bond_sum,
            "total": goal_sum + task_sum + bond_sum}
'''
COPIED_PART2 = '''def score_with_missing(responses):
    """WAI-SR scores with the course's prorating rule; None marks an unanswered item."""
    out = {}
    for label, which in (("goal", (4, 6, 8, 11)), ("task", (1, 2, 10, 12)),
                         ("bond", (3, 5, 7, 9))):
        running, seen = 0, 0
        for w in which:
            if responses[w - 1] is not None:
                running += responses[w - 1]
                seen += 1
        out[label] = running / seen * 4 if seen >= 3 else float("nan")
    out["total"] = out["goal"] + out["task"] + out["bond"]
    return out
'''
COPIED_PART3 = _READ + '''def one_scale(df, numbers):
    names = ["wai_sr_%02d" % k for k in numbers]
    out = df[names].mean(axis=1) * 4
    out[df[names].isna().sum(axis=1) > 1] = np.nan
    return out


wai_scores = wai[["therapist_id", "client_id", "session"]].assign(
    goal=one_scale(wai, (4, 6, 8, 11)),
    task=one_scale(wai, (1, 2, 10, 12)),
    bond=one_scale(wai, (3, 5, 7, 9)),
)
wai_scores = wai_scores.assign(total=lambda frame: frame["goal"] + frame["task"] + frame["bond"])
''' + _SHOW
ORIGINAL = 21  # a, b = 3, 0: Parts 1-3 use implementations 3 (helpers), 0 and 3 (a helper)
COPIER_WORDING = 45  # the copier's written answer: wordings (3, 5, 1), its own combination


def honest_choice(s: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Student ``s``'s implementations of Parts 1-3 and wordings of the three written points."""
    a, b = divmod(s, 7)
    return (a, b, (a + b) % 7), (b, (a + 2 * b) % 7, (a + 3 * b) % 7)


def written(s: int) -> str:
    """Student ``s``'s written answer to Part 4."""
    _, (p, n, c) = honest_choice(s)
    return " ".join([PROFILE[p], NEXT_STEP[n], CAUTION[c]])


def fill(released: nbformat.NotebookNode, answers: dict[str, str]) -> bytes:
    """The released notebook with ``answers`` (grade_id -> cell source) written in."""
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nbformat.writes(nb).encode()


def honest_answers(s: int) -> dict[str, str]:
    """What honest student ``s`` writes in each answer cell."""
    (p1, p2, p3), _ = honest_choice(s)
    return {"part1-answer": PART1[p1], "part2-answer": PART2[p2], "part3-answer": PART3[p3],
            "part4-interpretation": written(s)}


def copier_answers() -> dict[str, str]:
    """What the copier hands in: student ORIGINAL's code disguised, and a written answer."""
    return {"part1-answer": COPIED_PART1, "part2-answer": COPIED_PART2,
            "part3-answer": COPIED_PART3, "part4-interpretation": written(COPIER_WORDING)}
