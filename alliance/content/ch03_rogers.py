"""Teaching content for chapter 3, "Rogers and the relationship conditions": rated responses.

Five fictional client statements, three fictional counselor responses to each, and the course
authors' illustrative 1-5 ratings of every response on Rogers' three therapist conditions, with
the reason for each rating. The ratings are a teaching device, not validated norms: no observer
scale was used and no panel was convened.

``alliance.charts.conditions`` (the web book's Altair exercise) and
``alliance.widgets.conditions`` (the JupyterLab version) both read this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The three therapist conditions, in the order Rogers (1957) discusses them as conditions 3-5.
CONDITIONS = ("Congruence", "Positive regard", "Empathy")


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
