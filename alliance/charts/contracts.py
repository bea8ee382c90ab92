"""A contract checker for Transactional Analysis contracts (chapter 4).

The reader picks one of five fictional draft contracts between a counselor and Marek (a fictional
client referred through his employer's assistance program), ticks the requirements they think
the draft meets, and compares their ticks with the course authors' documented reading. The
requirements are Steiner's four requirements of a sound therapeutic contract (mutual consent,
valid consideration, competency, lawful object) and the three levels of a contract that TA
writers attribute to Berne (administrative, professional, psychological). The authors' reading
is a teaching judgement, written out with a reason for every cell; it is not a validated scale.

Every control is a Vega-Lite parameter bound to a dropdown or a checkbox, so the chart works in
the static web book with no kernel.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from alliance.charts.render import with_description


@dataclass(frozen=True)
class Requirement:
    """One requirement of a sound contract, with the source it comes from."""

    key: str
    label: str
    source: str
    meaning: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("consent", "Mutual consent", "Steiner",
                "Both parties freely agree: an explicit offer and an explicit acceptance."),
    Requirement("consideration", "Valid consideration", "Steiner",
                "Something of value passes both ways: the counselor's service for a fee, a "
                "paid-for number of sessions, or another agreed exchange."),
    Requirement("competency", "Competency", "Steiner",
                "Both parties are able to make the agreement: of age, not intoxicated, able to "
                "think it through (in TA terms, from the Adult ego state)."),
    Requirement("lawful", "Lawful object", "Steiner",
                "What the contract aims at, and the means, are legal and ethical."),
    Requirement("administrative", "Administrative level", "Berne",
                "The practical arrangements: times, place, number of sessions, fees, "
                "cancellations, records and the limits of confidentiality."),
    Requirement("professional", "Professional level", "Berne",
                "What the work is for and what each party will do: an agreed aim and the "
                "service the counselor offers."),
    Requirement("psychological", "Psychological level", "Berne",
                "The unspoken expectations each party brings. A draft meets it, in our reading, "
                "when it makes room to say them out loud."),
)

_REQ_KEYS = tuple(r.key for r in REQUIREMENTS)

#: Width of the chart's panels in pixels, chosen to fit the web book's text column.
_WIDTH = 520


@dataclass(frozen=True)
class DraftContract:
    """A fictional draft contract with the authors' reading of each requirement."""

    key: str
    title: str
    context: str
    text: str
    met: dict[str, bool]
    reasons: dict[str, str]

    def __post_init__(self) -> None:
        for name, mapping in (("met", self.met), ("reasons", self.reasons)):
            if set(mapping) != set(_REQ_KEYS):
                raise ValueError(
                    f"Draft {self.key!r}: {name} must cover exactly {', '.join(_REQ_KEYS)}."
                )

    @property
    def n_met(self) -> int:
        """How many of the seven requirements the authors judge this draft to meet."""
        return sum(self.met.values())


def _draft(key, title, context, text, rows) -> DraftContract:
    met = {k: ok for k, (ok, _) in zip(_REQ_KEYS, rows, strict=True)}
    reasons = {k: why for k, (_, why) in zip(_REQ_KEYS, rows, strict=True)}
    return DraftContract(key, title, context, text, met, reasons)


_CLEAR = ("We will meet for six 50-minute sessions, Tuesdays at 5 p.m., paid for by the employee "
          "assistance program; cancellations need 24 hours' notice. Nothing Marek says is "
          "reported to his employer except attendance, which he has agreed to. Marek's goal: "
          "to notice the early signs of anger and leave a heated conversation before he raises "
          "his voice, checked by his own weekly log. The counselor will teach and practise these "
          "skills with him, and we will review the plan in session 3.")

#: Five fictional drafts of a contract with Marek, from weakest to strongest.
DRAFTS: tuple[DraftContract, ...] = (
    _draft("A", "A. The vague start",
           "Written by the counselor at intake; Marek signed it without discussing it.",
           "Marek will attend counseling and work on his anger issues. The counselor will "
           "help him feel better.",
           [(False, "Signed, but not discussed: the offer and the acceptance were never made "
                    "explicit, and 'anger issues' is the counselor's wording."),
            (False, "Nothing says what each party gives: no sessions, fee or funding."),
            (True, "Nothing suggests that either party could not make an agreement."),
            (True, "Feeling better is a legal and ethical aim."),
            (False, "No times, number of sessions, cancellations or limits of confidentiality."),
            (False, "'Work on issues' and 'feel better' name no aim that either party could "
                    "check."),
            (False, "Nothing makes room for what either party expects but has not said.")]),
    _draft("B", "B. The employer's version",
           "Sent by Marek's human resources department before the first session.",
           "Employee is required to complete six sessions of anger management. The counselor "
           "will send weekly progress notes to the employee's supervisor. Continued employment "
           "depends on completion.",
           [(False, "Marek is required, not asked: his consent is assumed under the threat "
                    "of losing his job."),
            (True, "Six funded sessions are exchanged for attendance, although the payer is a "
                   "third party (a three-cornered contract)."),
            (True, "Nothing suggests that either party could not make an agreement."),
            (False, "Sending session notes to a supervisor without the client's informed "
                    "consent breaches the counselor's duty of confidentiality."),
            (True, "Number of sessions and reporting are stated, even if the reporting is "
                   "unacceptable."),
            (False, "The aim is the employer's; Marek's own aim and the counselor's "
                    "service are not agreed."),
            (False, "The unspoken expectations (of the employer, of Marek) are not named.")]),
    _draft("C", "C. The late-night call",
           "Agreed by phone at 11 p.m.; Marek said he had been drinking.",
           "The counselor agrees to help Marek prove that his supervisor provoked him, so "
           "that he can file a complaint and get her fired. We start tomorrow.",
           [(True, "Both said yes explicitly, although see competency."),
            (False, "Nothing is said about what each party gives."),
            (False, "Marek had been drinking: the agreement was not made from a clear, "
                    "Adult state of mind."),
            (False, "Gathering evidence against a third party is not an object a counselor can "
                    "ethically take on."),
            (False, "'We start tomorrow' is the only arrangement."),
            (False, "The aim belongs to a dispute, not to counseling; the counselor's service is "
                    "not defined."),
            (False, "The wish to be vindicated drives the contract but is never named.")]),
    _draft("D", "D. Clear on paper",
           "Negotiated over the first two sessions; Marek proposed the goal and how to check "
           "it.",
           _CLEAR,
           [(True, "Negotiated over two sessions, with the goal in Marek's own words."),
            (True, "Six funded sessions for the counselor's service and Marek's attendance."),
            (True, "Agreed in session, with time to think: both parties were able to agree."),
            (True, "A legal, ethical aim; the reporting of attendance has his consent."),
            (True, "Times, number and length of sessions, funding, cancellations and what is "
                   "reported are all stated."),
            (True, "An agreed, checkable aim (his log) and the counselor's part in it."),
            (False, "Nothing makes room for unspoken hopes, such as a wish that the counselor "
                    "will speak up for him at work.")]),
    _draft("E", "E. With room for the unsaid",
           "As D, with one sentence added after the counselor noticed a hesitation.",
           _CLEAR + " We will also say out loud, in session 1 and at the review, any hopes or "
           "worries we have not yet spoken about, for example whether Marek hopes the "
           "counselor will speak up for him at work, and what the counselor can and cannot do.",
           [(True, "Negotiated over two sessions, with the goal in Marek's own words."),
            (True, "Six funded sessions for the counselor's service and Marek's attendance."),
            (True, "Agreed in session, with time to think: both parties were able to agree."),
            (True, "A legal, ethical aim; the reporting of attendance has his consent."),
            (True, "Times, number and length of sessions, funding, cancellations and what is "
                   "reported are all stated."),
            (True, "An agreed, checkable aim (his log) and the counselor's part in it."),
            (True, "It invites both parties to name what they expect but have not said, and "
                   "names one likely hope.")]),
)

_BY_KEY = {d.key: d for d in DRAFTS}


def get_draft(key: str) -> DraftContract:
    """The draft contract with ``key`` ("A" ... "E")."""
    if key not in _BY_KEY:
        raise ValueError(f"There is no draft {key!r}; the drafts are {', '.join(_BY_KEY)}.")
    return _BY_KEY[key]


def authors_reading_table() -> pd.DataFrame:
    """The authors' reading of every draft: 'met' or 'missing' for each requirement."""
    return pd.DataFrame(
        {d.title: {f"{r.label} ({r.source})": ("met" if d.met[r.key] else "missing")
                   for r in REQUIREMENTS} for d in DRAFTS}
    )


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def _param_name(key: str) -> str:
    return f"tick_{key}"


def contract_checker(initial: str = "A") -> alt.VConcatChart:
    """Chart comparing the reader's ticks with the authors' reading of a draft contract.

    A dropdown chooses the draft; seven checkboxes (Steiner's four requirements and Berne's
    three levels) record which requirements the reader thinks it meets. Each row shows the
    authors' reading, the reader's tick, whether the two agree and the authors' reason; a line
    of feedback counts the agreements.
    """
    get_draft(initial)
    pick = alt.param(name="draft", value=initial,
                     bind=alt.binding_select(options=[d.key for d in DRAFTS],
                                             labels=[d.title for d in DRAFTS],
                                             name="Draft contract  "))
    ticks = [alt.param(name=_param_name(r.key), value=False,
                       bind=alt.binding_checkbox(name=f"It meets: {r.label} ({r.source})  "))
             for r in REQUIREMENTS]

    rows = [{"draft": d.key, "req": r.key, "order": i,
             "label": f"{r.label} ({r.source})", "met": d.met[r.key],
             "reason": _wrap(d.reasons[r.key], 50)}
            for d in DRAFTS for i, r in enumerate(REQUIREMENTS)]
    texts = [{"draft": d.key, "title": f"{d.title} (fictional)",
              "context": _wrap(f"Context: {d.context}", 84),
              "text": _wrap(f"\u201c{d.text}\u201d", 78)} for d in DRAFTS]
    chosen = "datum.draft == draft"
    yours = " : ".join(f"datum.req == '{r.key}' ? {_param_name(r.key)}"
                       for r in REQUIREMENTS[:-1]) + f" : {_param_name(REQUIREMENTS[-1].key)}"

    text_base = alt.Chart(alt.Data(values=texts)).transform_filter(chosen)
    title = text_base.mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold",
                                color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="title:N")
    context = text_base.mark_text(align="left", baseline="top", fontSize=12, fontStyle="italic",
                                  lineBreak="\n", color="#444444").encode(
        x=alt.value(0), y=alt.value(20), text="context:N")
    body = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                               color="#1f5f8b").encode(
        x=alt.value(0), y=alt.value(42), text="text:N")
    n_lines = max(t["text"].count("\n") + 1 for t in texts)
    panel = (title + context + body).properties(width=_WIDTH, height=50 + 17 * n_lines)

    base = alt.Chart(alt.Data(values=rows)).transform_filter(chosen).transform_calculate(
        yours=f"({yours})",
    ).transform_calculate(
        agree="datum.yours == datum.met",
        ours_text="datum.met ? '\u2713 met' : '\u2717 missing'",
        yours_text="datum.yours ? '\u2713 ticked' : '\u2013 not ticked'",
        agree_text="datum.yours == datum.met ? 'agree' : 'look again'",
    )
    y = alt.Y("label:N", title=None, sort=alt.SortField("order"),
              axis=alt.Axis(labelFontSize=11, labelColor="#222222", labelLimit=170,
                            domain=False, ticks=False))
    cell = base.mark_rect(stroke="white", strokeWidth=2).encode(
        y=y, x=alt.value(158), x2=alt.value(236),
        color=alt.Color("agree_text:N", title=None,
                        scale=alt.Scale(domain=["agree", "look again"],
                                        range=["#cfe8c9", "#f9d3b4"]),
                        legend=None))

    def column(field: str, x: int, **kw) -> alt.Chart:
        style = {"align": "left", "fontSize": 12, "color": "#222222", **kw}
        return base.mark_text(**style).encode(
            y=y, x=alt.value(x), text=f"{field}:N")

    headers = alt.Chart(alt.Data(values=[
        {"x": 0, "h": "Authors"}, {"x": 76, "h": "You"},
        {"x": 162, "h": "Compared"}, {"x": 246, "h": "Authors' reason"},
    ])).mark_text(align="left", baseline="bottom", fontSize=12, fontWeight="bold",
                  color="#222222").encode(x=alt.X("x:Q", scale=None), y=alt.value(-6),
                                          text="h:N")
    grid = (cell + column("ours_text", 0) + column("yours_text", 76)
            + column("agree_text", 166) + column("reason", 246, lineBreak="\n", fontSize=11)
            + headers).properties(width=_WIDTH, height=330)

    feedback = base.transform_calculate(n="datum.agree ? 1 : 0").transform_aggregate(
        n_agree="sum(n)", n_rows="count()").transform_calculate(
        line="'You and the authors agree on ' + datum.n_agree + ' of ' + datum.n_rows + "
             "' requirements.' + (datum.n_agree == datum.n_rows ? '' : '\\nRead the reasons "
             "in the orange rows, then decide whether you still disagree.')"
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", lineBreak="\n",
                color="#222222").encode(x=alt.value(0), y=alt.value(4), text="line:N").properties(
        width=_WIDTH, height=40)

    chart = alt.vconcat(panel, grid, feedback, spacing=16).add_params(pick, *ticks).properties(
        title=alt.Title("Contract checker: which requirements does the draft meet?",
                        subtitle="Steiner's four requirements and Berne's three levels; fictional "
                                 "drafts, the authors' reading is a teaching judgement",
                        anchor="start", fontSize=16, offset=12),
    ).configure_view(stroke=None)
    return with_description(
        chart,
        "A contract checker. A dropdown chooses one of five fictional draft contracts with a "
        "fictional client, shown as text. Seven checkboxes record which requirements you think "
        "the draft meets: Steiner's mutual consent, valid consideration, competency and lawful "
        "object, and Berne's administrative, professional and psychological levels. A table has "
        "one row per requirement with the authors' reading (met or missing), your tick, whether "
        "you agree (green) or should look again (orange), and the authors' reason. A line "
        "below counts the requirements on which you agree.",
    )
