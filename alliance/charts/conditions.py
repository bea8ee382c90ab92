"""Rate a counselor's response on Rogers' three therapist conditions (chapter 3).

The reader picks a fictional client statement and counselor response, rates the response from 1
to 5 on empathic understanding, unconditional positive regard and congruence, and compares the
ratings with the course authors' own illustrative ratings. The authors' ratings are a teaching
device, not validated norms: no observer scale was used and no panel was convened.

The controls are Vega-Lite parameters bound to a dropdown, three sliders and a checkbox, so the
chart works in the static web book with no kernel.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from alliance.charts.render import with_description

#: The three therapist conditions, in the order Rogers (1957) discusses them as conditions 3-5.
CONDITIONS = ("Congruence", "Positive regard", "Empathy")

#: Colors of the two series; both pass WCAG AA contrast on white.
_COLORS = {"Your rating": "#1f5f8b", "Authors' illustrative rating": "#a3411f"}


@dataclass(frozen=True)
class ExampleResponse:
    """One fictional counselor response to a fictional client statement, with our ratings."""

    key: str
    client: str
    statement: str
    response: str
    empathy: int
    regard: int
    congruence: int
    note: str

    @property
    def label(self) -> str:
        """The dropdown label: which statement and which response, without giving anything away."""
        return f"{self.key[:-1]}. {self.client}, response {self.key[-1].upper()}"

    def rating(self, condition: str) -> int:
        """The authors' illustrative rating (1-5) for one of :data:`CONDITIONS`."""
        if condition not in CONDITIONS:
            raise ValueError(
                f"condition must be one of {', '.join(CONDITIONS)}; got {condition!r}."
            )
        return {"Empathy": self.empathy, "Positive regard": self.regard,
                "Congruence": self.congruence}[condition]


def _r(key, client, statement, response, e, g, c, note) -> ExampleResponse:
    return ExampleResponse(key, client, statement, response, e, g, c, note)


_MAYA = ("I know I should be over the breakup by now. My friends are sick of hearing about it, "
         "and honestly so am I. Maybe I'm just too needy.")
_OKAFOR = ("My son told me he's gay. I said things I regret. Now he won't answer my calls. I "
           "don't know if I can accept it, but I don't want to lose him.")
_JORDAN = ("I skipped last week because I didn't think this was doing anything. I almost didn't "
           "come today either.")
_RAVI = "I drank again on Saturday. I know, I know. You must be so disappointed in me."
_AMIRA = ("Everyone keeps telling me to 'set boundaries' with my family. But in my family that "
          "would be like saying I don't love them.")

#: Fifteen fictional responses (five statements, three responses each) with the authors' ratings.
EXAMPLE_RESPONSES: tuple[ExampleResponse, ...] = (
    _r("1a", "Maya", _MAYA,
       "It's been six months; most people start to move on by then. Have you tried getting back "
       "out there?", 1, 2, 3,
       "Advice from the counselor's frame of reference; it quietly agrees that she 'should' be "
       "over it. Honest, but not attuned."),
    _r("1b", "Maya", _MAYA,
       "You're still hurting, and on top of the hurt you're judging yourself for it, as if "
       "needing people were a flaw.", 5, 5, 4,
       "Reflects both the feeling and the self-criticism, and accepts the need without "
       "judging it."),
    _r("1c", "Maya", _MAYA,
       "Oh, I'm sure you're not needy at all! You're a wonderful person.", 2, 3, 2,
       "Warm, but reassurance skips over what she feels, and the counselor cannot yet know "
       "it to be true: a small facade."),
    _r("2a", "Mr. Okafor", _OKAFOR,
       "You're torn. Part of you is still struggling with what he told you, and part of you is "
       "frightened that you've already lost him.", 5, 5, 4,
       "Names both sides of the conflict without taking one, and stays with the father's "
       "experience."),
    _r("2b", "Mr. Okafor", _OKAFOR,
       "Well, you need to accept him. That's what a good parent does.", 1, 1, 3,
       "A sincere opinion, but a verdict: regard is made conditional on the 'right' attitude."),
    _r("2c", "Mr. Okafor", _OKAFOR,
       "I can hear how much you love him. I'll be open with you: as you talk, I feel protective "
       "of your son, and I also want to understand you. Can we look at both?", 4, 4, 5,
       "Transparent about the counselor's own reaction and offers it for the client's use. "
       "Some readers will rate regard lower: a debatable response on purpose."),
    _r("3a", "Jordan", _JORDAN,
       "Just so you know, the agency closes a file after two missed sessions, so please call "
       "if you can't make it.", 1, 2, 3,
       "Accurate information at the wrong moment; the doubt about therapy goes unheard."),
    _r("3b", "Jordan", _JORDAN,
       "I'm glad you came. It sounds like you've been doubting whether this helps. I'd like to "
       "hear about that, including what hasn't worked about how I've been doing this.", 4, 5, 5,
       "Welcomes the doubt and invites criticism of the counselor: an opening for repairing "
       "a strain."),
    _r("3c", "Jordan", _JORDAN,
       "Okay. Well, let's just get started with the worksheet from last time.", 1, 2, 2,
       "Moves on as if nothing was said; any irritation the counselor feels is hidden rather "
       "than owned."),
    _r("4a", "Ravi", _RAVI,
       "I'm not here to judge you. Let's work out what happened on Saturday.", 3, 4, 3,
       "Accepting and practical, but the set phrase answers the fear without exploring it."),
    _r("4b", "Ravi", _RAVI,
       "You're expecting me to be disappointed, as if you've already heard the lecture in your "
       "head. What I feel is concern, and I'm still on your side.", 5, 5, 5,
       "Reflects the expected judgment, says what the counselor actually feels, and keeps "
       "regard unconditional."),
    _r("4c", "Ravi", _RAVI,
       "Honestly, yes, I am disappointed. We worked hard on that plan.", 1, 1, 3,
       "Honest, but delivered as a verdict that ties regard to sobriety. Being genuine does "
       "not oblige a counselor to voice every reaction, or to voice it this way."),
    _r("5a", "Amira", _AMIRA,
       "Boundaries are healthy for everyone. It may feel uncomfortable at first, but you "
       "deserve to put yourself first.", 2, 3, 3,
       "Well meant, but it applies the counselor's cultural frame to a family the client "
       "understands differently."),
    _r("5b", "Amira", _AMIRA,
       "So the advice you keep hearing doesn't fit how love works in your family. Stepping "
       "back would feel like a betrayal, not like self-care.", 5, 5, 4,
       "Enters the client's frame of reference, including its cultural meaning, without "
       "correcting it."),
    _r("5c", "Amira", _AMIRA,
       "I have to admit I don't know much about your culture, so I'm not sure how to help with "
       "that.", 2, 3, 4,
       "Honest about a limit, but it leaves her alone with it; curiosity about her meaning "
       "would turn the admission into empathy."),
)

_BY_KEY = {r.key: r for r in EXAMPLE_RESPONSES}


def get_response(key: str) -> ExampleResponse:
    """The example response with ``key`` ("1a" ... "5c")."""
    if key not in _BY_KEY:
        raise ValueError(
            f"There is no example response {key!r}; the keys are {', '.join(_BY_KEY)}."
        )
    return _BY_KEY[key]


def authors_ratings_table() -> pd.DataFrame:
    """The authors' illustrative ratings of every example response, with the reason for each."""
    return pd.DataFrame(
        [{"Response": r.label, "Counselor says": r.response, "Empathy": r.empathy,
          "Positive regard": r.regard, "Congruence": r.congruence, "Why": r.note}
         for r in EXAMPLE_RESPONSES]
    ).set_index("Response")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def _check_rating(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"{name} must be a whole number from 1 to 5; got {value!r}.")
    return value


def response_rater(
    initial: str = "1a", initial_rating: int = 3, reveal: bool = False
) -> alt.VConcatChart:
    """Chart comparing the reader's 1-5 ratings of a response with the authors' ratings.

    A dropdown picks the response, three sliders set the reader's ratings of empathy, positive
    regard and congruence, and a checkbox reveals the authors' illustrative ratings, the
    difference on each condition and the reason for the authors' rating.
    """
    get_response(initial)
    _check_rating("initial_rating", initial_rating)
    if not isinstance(reveal, bool):
        raise ValueError(f"reveal must be True or False; got {reveal!r}.")

    pick = alt.param(
        name="response", value=initial,
        bind=alt.binding_select(options=[r.key for r in EXAMPLE_RESPONSES],
                                labels=[r.label for r in EXAMPLE_RESPONSES],
                                name="Statement and response  "))
    sliders = {
        condition: alt.param(
            name=name, value=initial_rating,
            bind=alt.binding_range(min=1, max=5, step=1, name=f"Your rating: {condition}  "))
        for condition, name in (("Empathy", "rate_empathy"), ("Positive regard", "rate_regard"),
                                ("Congruence", "rate_congruence"))
    }
    show = alt.param(name="reveal", value=reveal,
                     bind=alt.binding_checkbox(name="Show the authors' ratings  "))

    rows = [{"key": r.key, "condition": c, "authors": r.rating(c)}
            for r in EXAMPLE_RESPONSES for c in CONDITIONS]
    texts = [{"key": r.key, "label": f"{r.label.split(',')[0]} (fictional)",
              "statement": _wrap(f"Client: \u201c{r.statement}\u201d", 82),
              "response": _wrap(f"Counselor: \u201c{r.response}\u201d", 82),
              "note": _wrap(f"Authors' reading: {r.note}", 82)}
             for r in EXAMPLE_RESPONSES]
    chosen = "datum.key == response"
    yours = ("datum.condition == 'Empathy' ? rate_empathy : "
             "(datum.condition == 'Positive regard' ? rate_regard : rate_congruence)")

    text_base = alt.Chart(alt.Data(values=texts)).transform_filter(chosen)
    header = text_base.mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold",
                                 color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="label:N")
    statement = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                                    color="#222222").encode(
        x=alt.value(0), y=alt.value(22), text="statement:N")
    response = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                                   color="#1f5f8b").encode(
        x=alt.value(0), y=alt.value(70), text="response:N")
    panel = (header + statement + response).properties(width=560, height=110)

    base = alt.Chart(alt.Data(values=rows)).transform_filter(chosen).transform_calculate(
        yours=yours, diff=f"({yours}) - datum.authors")
    y = alt.Y("condition:N", title=None, sort=list(CONDITIONS),
              axis=alt.Axis(labelFontSize=13, labelColor="#222222"))
    x_scale = alt.Scale(domain=[0.5, 6.4])
    x_axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d",
                      title="Rating (1 = hardly present, 5 = fully present)", grid=True,
                      labelColor="#222222", titleColor="#222222")
    color = alt.Color("series:N", title=None,
                      scale=alt.Scale(domain=list(_COLORS), range=list(_COLORS.values())),
                      legend=alt.Legend(orient="top", labelFontSize=12, labelColor="#222222"))
    shape = alt.Shape("series:N", title=None,
                      scale=alt.Scale(domain=list(_COLORS), range=["circle", "diamond"]),
                      legend=alt.Legend(orient="top", labelFontSize=12, labelColor="#222222"))
    revealed = base.transform_filter("reveal")
    # aria=False: these layers are empty until the reader reveals them, and an empty ARIA mark
    # container has no text alternative; the chart's description covers them.
    gap = revealed.mark_rule(strokeWidth=3, color="#9a9a9a", aria=False).encode(
        x=alt.X("yours:Q", scale=x_scale, axis=x_axis), x2="authors:Q", y=y)
    you = base.transform_calculate(series="'Your rating'").mark_point(
        filled=True, size=260).encode(
        x=alt.X("yours:Q", scale=x_scale, axis=x_axis), y=y, color=color, shape=shape,
        tooltip=[alt.Tooltip("condition:N", title="Condition"),
                 alt.Tooltip("yours:Q", title="Your rating")])
    authors = revealed.transform_calculate(series="'Authors\\' illustrative rating'").mark_point(
        filled=True, size=200, aria=False).encode(
        x=alt.X("authors:Q", scale=x_scale, axis=x_axis), y=y, color=color, shape=shape,
        tooltip=[alt.Tooltip("condition:N", title="Condition"),
                 alt.Tooltip("authors:Q", title="Authors' illustrative rating")])
    diff_text = revealed.transform_calculate(
        label="datum.diff == 0 ? 'same' : (datum.diff > 0 ? '+' : '\u2212') + abs(datum.diff)"
    ).mark_text(align="left", fontSize=13, color="#222222").encode(
        x=alt.datum(5.75, scale=x_scale), y=y, text="label:N")
    dots = (gap + you + authors + diff_text).properties(
        width=560, height=150,
        title=alt.Title("Your ratings and the authors' illustrative ratings",
                        subtitle="Difference = your rating minus the authors' rating",
                        anchor="start", fontSize=14))

    total = base.transform_calculate(abs_diff="abs(datum.diff)").transform_filter(
        "reveal").transform_aggregate(gap="sum(abs_diff)").transform_calculate(
        line="'Total distance from the authors: ' + datum.gap + ' point(s) across the three "
             "conditions (0 = identical).'").mark_text(
        align="left", baseline="top", fontSize=13, color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="line:N")
    note = text_base.transform_filter("reveal").mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", color="#a3411f").encode(
        x=alt.value(0), y=alt.value(22), text="note:N")
    hint = text_base.transform_filter("!reveal").mark_text(
        align="left", baseline="top", fontSize=13, fontStyle="italic", color="#444444").encode(
        x=alt.value(0), y=alt.value(0),
        text=alt.value("Rate the response first, then tick the box to compare."))
    footer = (total + note + hint).properties(width=560, height=60)

    chart = alt.vconcat(panel, dots, footer, spacing=14).add_params(
        pick, *sliders.values(), show).properties(
        title=alt.Title("Rogers' therapist conditions: rate a counselor's response",
                        subtitle="Fictional statements; the authors' ratings are illustrative, "
                                 "not validated norms", anchor="start", fontSize=16,
                        offset=12),
    ).configure_view(stroke=None)
    return with_description(
        chart,
        "An interactive rating exercise. A dropdown chooses one of fifteen fictional counselor "
        "responses to five fictional client statements, shown as text. Three sliders set your "
        "ratings from 1 to 5 of empathy, positive regard and congruence, drawn as blue circles "
        "on one row per condition. A checkbox reveals the authors' illustrative ratings as "
        "orange diamonds, the difference on each row, the total distance and the authors' "
        "reason for their rating.",
    )
