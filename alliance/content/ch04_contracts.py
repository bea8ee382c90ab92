"""Teaching content for chapter 4, "Transactional Analysis: the contract as alliance".

The requirements of a sound contract (Steiner's four requirements: mutual consent, valid
consideration, competency, lawful object; and the three levels of a contract that TA writers
attribute to Berne: administrative, professional, psychological) and five fictional draft
contracts between a counselor and Marek (a fictional client referred through his employer's
assistance program), each with the course authors' documented reading: for every requirement,
met or missing, and why. The reading is a teaching judgement, not a validated scale.

``alliance.charts.contracts`` (the web book's Altair checker) and
``alliance.widgets.contracts`` (the JupyterLab version) both read this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


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
