"""``alliance-course similarity``: pairs of submissions whose work is unusually alike.

What is compared, per graded student:

- **code**: the student's answer cells (nbgrader solution cells, by ``grade_id``) with the
  released starter code taken out, compared as one text so a helper moved between cells still
  matches. Fingerprints come from ``copydetect`` (winnowing, the method of MOSS: Schleimer,
  Wilkerson & Aiken, 2003). Its tokenizer (Pygments) drops comments and whitespace and turns
  every variable, function and string into one letter, so renaming variables or reordering
  helper functions changes nothing. Fingerprints of the starter code, and of passages found in
  more than :data:`COMMON` submissions (MOSS's default for "legitimately shared" code), are
  ignored. A pair's code score is the mean of the two students' matched fractions (JPlag's
  default "average similarity");
- **prose**: each manually graded answer with the starter text ("YOUR ANSWER HERE") removed,
  compared question by question as TF-IDF vectors of words and word pairs (scikit-learn), so
  words every student uses for that question weigh little; a pair's prose score is its highest
  cosine over the questions. Matching passages are runs of :data:`PASSAGE_WORDS` or more words
  that both answers contain.

Short work carries no evidence: code shorter than copydetect's noise threshold, and answers
under :data:`MIN_WORDS` words, get no score. A score is a reason to look, not proof.

The page and the CSV go to ``<workspace>/similarity/`` (git ignores the workspace): they quote
students' work, so they are never written inside the repository.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.assignment import Assignment, load_assignment
from autograder.records import write_atomic
from autograder.review.report import assignment_rows
from autograder.review.templates import render
from autograder.workspace import REPO_ROOT

DEFAULT_THRESHOLD = 0.6
NOISE = 25  # copydetect's default noise threshold: shorter matches (filtered characters) ignored
COMMON = 10  # a passage in more submissions than this is shared knowledge (MOSS's -m default)
MIN_WORDS = 15  # fewer words than this in either answer: too little to compare
PASSAGE_WORDS = 5  # the shortest run of shared words shown as a matching passage
SHOWN_BELOW = 10  # the closest pairs under the threshold, listed for context
_WORD = re.compile(r"[\w'’%.-]*\w%?")


@dataclass(frozen=True)
class Work:
    """What one student wrote: code and prose per part (``grade_id``), starter text removed."""

    student: str
    name: str = ""
    code: dict[str, str] = field(default_factory=dict)
    prose: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The student's name and id, as the instructor knows them."""
        return f"{self.name} ({self.student})" if self.name else self.student


@dataclass
class Pair:
    """Two students' similarity: scores (None: too little work to compare) and evidence."""

    a: Work
    b: Work
    code: float | None = None
    prose: float | None = None
    parts: dict[str, float] = field(default_factory=dict)  # grade_id -> share or cosine
    shown: list[dict] = field(default_factory=list)  # side-by-side passages, per part

    @property
    def score(self) -> float:
        """The higher of the two scores (what the pairs are ranked by)."""
        return max(self.code or 0.0, self.prose or 0.0)


def remove_starter(text: str, starter: str) -> str:
    """``text`` without the lines it keeps from the released ``starter`` cell (in order)."""
    mine = text.splitlines()
    given = [line.strip() for line in starter.splitlines()]
    matcher = difflib.SequenceMatcher(None, given, [line.strip() for line in mine],
                                      autojunk=False)
    kept = [False] * len(mine)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            kept[j1:j2] = [True] * (j2 - j1)
    return "\n".join(line for line, keep in zip(mine, kept, strict=True) if keep and line.strip())


def _answer_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")
            and c.metadata["nbgrader"].get("grade_id")}


def starter_cells(assignment: Assignment) -> dict[str, nbformat.NotebookNode]:
    """Each answer cell as students receive it, from nbgrader's own release of the notebook."""
    from autograder.release.sample_class import released_notebooks

    cells: dict[str, nbformat.NotebookNode] = {}
    for notebook, nb in sorted(released_notebooks(assignment).items()):
        cells.update({f"{notebook}/{gid}": cell for gid, cell in _answer_cells(nb).items()})
    return cells


def student_work(path_by_notebook: dict[str, Path], starters: dict[str, nbformat.NotebookNode],
                 student: str, name: str = "") -> Work:
    """One student's answers, read from their graded notebooks, starter text removed."""
    code: dict[str, str] = {}
    prose: dict[str, str] = {}
    for notebook, path in sorted(path_by_notebook.items()):
        cells = _answer_cells(nbformat.read(path, as_version=4))
        for key, starter in starters.items():
            nb_name, grade_id = key.split("/", 1)
            cell = cells.get(grade_id) if nb_name == notebook else None
            if cell is None:
                continue
            text = remove_starter(cell.source, starter.source)
            if text:
                (code if starter.cell_type == "code" else prose)[grade_id] = text
    return Work(student, name, code, prose)


def collect_work(workspace: Path, assignment: Assignment,
                 starters: dict[str, nbformat.NotebookNode]) -> tuple[list[Work], list[str]]:
    """Every graded student's work, and the students who could not be compared (and why)."""
    rows, _ = assignment_rows(workspace, assignment.name)
    works, skipped = [], []
    for row in rows:
        folder = workspace / "autograded" / row.student / assignment.name
        paths = {p.stem: p for p in folder.glob("*.ipynb")} if row.state == "graded" else {}
        who = f"{row.name} ({row.student})" if row.name else row.student
        if not paths:
            why = "no submission" if row.state == "missing" else "could not be graded"
            skipped.append(f"{who}: {why}")
            continue
        work = student_work(paths, starters, row.student, row.name)
        if not work.code and not work.prose:
            skipped.append(f"{who}: nothing beyond the starter code")
            continue
        works.append(work)
    return works, skipped


# --- code: copydetect's winnowing ------------------------------------------------------------

@dataclass
class _Code:
    """One student's code as one text, where each part starts, and its fingerprints."""

    text: str
    starts: list[tuple[int, int, str]]  # (start, end, grade_id) in ``text``
    fingerprint: object


def _fingerprint(text: str, ignored: set | frozenset = frozenset()) -> object:
    from copydetect import CodeFingerprint
    from copydetect.utils import get_token_coverage

    # win_size=1 keeps every k-gram: the guarantee threshold equals the noise threshold, which
    # copydetect's documentation advises when time is no issue (one class's answers are small).
    found = CodeFingerprint("answers.py", NOISE, 1, fp=io.StringIO(text), language="python")
    # Ignored fingerprints are removed here rather than through copydetect's ``boilerplate``
    # argument, which misses repeats of a passage within one file (numpy's intersect1d is
    # called with assume_unique=True on hashes that repeat).
    for value in found.hashes & ignored:
        del found.hash_idx[value]
    found.hashes = found.hashes - ignored
    found.token_coverage = get_token_coverage(found.hash_idx, NOISE, len(found.filtered_code))
    return found


def _code_texts(works: list[Work], starters: dict[str, str]) -> dict[str, _Code]:
    """Fingerprint each student's code, ignoring the starter code and commonly shared passages."""
    starter_hashes: set = set()
    for text in starters.values():
        starter_hashes |= _fingerprint(text).hashes  # type: ignore[attr-defined]
    joined: dict[str, tuple[str, list[tuple[int, int, str]]]] = {}
    for work in works:
        text, starts = "", []
        for grade_id, code in work.code.items():
            starts.append((len(text), len(text) + len(code), grade_id))
            text += code + "\n\n"
        joined[work.student] = (text, starts)
    first = {s: _fingerprint(t, starter_hashes) for s, (t, _) in joined.items()}
    counts = Counter(h for fp in first.values() for h in fp.hashes)  # type: ignore[attr-defined]
    common = {h for h, n in counts.items() if n > COMMON}
    return {s: _Code(t, starts, _fingerprint(t, starter_hashes | common) if common else first[s])
            for s, (t, starts) in joined.items()}


def _segments(text: str, slices: list[tuple[int, int]], start: int, end: int) -> list[dict]:
    """``text[start:end]`` cut into pieces, each marked when it lies in a matched slice."""
    pieces, at = [], start
    for a, b in sorted(slices):
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        if a > at:
            pieces.append({"text": text[at:a], "match": False})
        pieces.append({"text": text[max(a, at):b], "match": True})
        at = max(at, b)
    if at < end:
        pieces.append({"text": text[at:end], "match": False})
    return pieces


def _matched_share(slices: list[tuple[int, int]], start: int, end: int) -> float:
    covered = sum(max(0, min(b, end) - max(a, start)) for a, b in slices)
    return covered / max(1, end - start)


def _compare_code(pair: Pair, one: _Code, two: _Code) -> None:
    from copydetect import compare_files

    if not one.fingerprint.hashes or not two.fingerprint.hashes:  # type: ignore[attr-defined]
        return
    overlap, (sim_a, sim_b), (cut_a, cut_b) = compare_files(one.fingerprint, two.fingerprint)
    if overlap == 0:
        pair.code = 0.0
        return
    pair.code = min(1.0, (float(sim_a) + float(sim_b)) / 2)
    slices_a = [(int(a), int(b)) for a, b in zip(*cut_a, strict=True)]
    slices_b = [(int(a), int(b)) for a, b in zip(*cut_b, strict=True)]
    spans_b = {g: (s, e) for s, e, g in two.starts}
    for start, end, grade_id in one.starts:
        share_a = _matched_share(slices_a, start, end)
        s_b, e_b = spans_b.get(grade_id, (0, 0))
        share_b = _matched_share(slices_b, s_b, e_b) if grade_id in spans_b else 0.0
        if share_a == 0 and share_b == 0:
            continue
        pair.parts[grade_id] = (share_a + share_b) / 2
        pair.shown.append({"part": grade_id, "kind": "code",
                           "left": _segments(one.text, slices_a, start, end),
                           "right": _segments(two.text, slices_b, s_b, e_b)})
    for start, end, grade_id in two.starts:  # matched code in a part only the second wrote
        if grade_id not in pair.parts and _matched_share(slices_b, start, end) > 0:
            pair.parts[grade_id] = _matched_share(slices_b, start, end) / 2
            pair.shown.append({"part": grade_id, "kind": "code", "left": [],
                               "right": _segments(two.text, slices_b, start, end)})


# --- prose: TF-IDF cosine, and shared runs of words ------------------------------------------

def _words(text: str) -> list[tuple[str, int, int]]:
    """Each word of ``text`` (lower case) with where it starts and ends."""
    return [(m.group().lower().strip(".'’"), m.start(), m.end()) for m in _WORD.finditer(text)]


def shared_passages(one: str, two: str, size: int = PASSAGE_WORDS
                    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of each text covered by a run of ``size`` words the other also has."""
    w1, w2 = _words(one), _words(two)
    grams = [{tuple(w[0] for w in ws[i:i + size]) for i in range(len(ws) - size + 1)}
             for ws in (w1, w2)]
    spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    for ws, other, out in ((w1, grams[1], spans[0]), (w2, grams[0], spans[1])):
        for i in range(len(ws) - size + 1):
            if tuple(w[0] for w in ws[i:i + size]) in other:
                out.append((ws[i][1], ws[i + size - 1][2]))
    return spans


def _prose_scores(works: list[Work]) -> dict[str, dict[tuple[str, str], float]]:
    """Per manually graded part: the cosine of each pair of answers long enough to compare."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    scores: dict[str, dict[tuple[str, str], float]] = {}
    parts = sorted({g for w in works for g in w.prose})
    for grade_id in parts:
        answers = [(w.student, w.prose[grade_id]) for w in works
                   if len(_words(w.prose.get(grade_id, ""))) >= MIN_WORDS]
        if len(answers) < 2:
            continue
        vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(
            [text for _, text in answers])
        matrix = cosine_similarity(vectors)
        scores[grade_id] = {(answers[i][0], answers[j][0]): float(matrix[i, j])
                            for i in range(len(answers)) for j in range(i + 1, len(answers))}
    return scores


# --- the comparison as a whole ---------------------------------------------------------------

def compare(works: list[Work], starters: dict[str, str] | None = None) -> list[Pair]:
    """Every pair of students with a code or prose score, most similar first.

    ``starters`` maps each code part's ``grade_id`` to its released starter code.
    """
    codes = _code_texts(works, starters or {})
    prose = _prose_scores(works)
    pairs = []
    for i, one in enumerate(works):
        for two in works[i + 1:]:
            pair = Pair(one, two)
            _compare_code(pair, codes[one.student], codes[two.student])
            for grade_id, by_pair in prose.items():
                cosine = by_pair.get((one.student, two.student))
                if cosine is None:
                    continue
                pair.prose = max(pair.prose or 0.0, cosine)
                left, right = one.prose[grade_id], two.prose[grade_id]
                spans = shared_passages(left, right)
                pair.parts[grade_id] = cosine
                if spans[0]:
                    pair.shown.append({
                        "part": grade_id, "kind": "prose",
                        "left": _segments(left, spans[0], 0, len(left)),
                        "right": _segments(right, spans[1], 0, len(right))})
            if pair.code is not None or pair.prose is not None:
                pairs.append(pair)
    return sorted(pairs, key=lambda p: (-p.score, p.a.student, p.b.student))


def check_threshold(threshold: float) -> float:
    """``threshold`` if it is a share between 0 and 1; ValueError otherwise."""
    if not 0 < threshold <= 1:
        raise ValueError(f"The threshold is a similarity between 0 and 1 (e.g. 0.5); got "
                         f"{threshold}.")
    return threshold


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _matched_parts(pair: Pair) -> str:
    return "; ".join(f"{g} {v:.2f}" for g, v in pair.parts.items() if v > 0)


def pairs_csv(pairs: list[Pair], threshold: float) -> str:
    """Every compared pair, ranked: ids, names, code and prose scores, the parts that match."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "student_a", "name_a", "student_b", "name_b", "code_score",
                     "prose_score", "above_threshold", "matched_parts"])
    for rank, p in enumerate(pairs, 1):
        writer.writerow([rank, p.a.student, p.a.name, p.b.student, p.b.name, _fmt(p.code),
                         _fmt(p.prose), "yes" if p.score >= threshold else "no",
                         _matched_parts(p)])
    return out.getvalue()


def pairs_html(assignment: str, pairs: list[Pair], threshold: float, compared: int,
               skipped: list[str]) -> str:
    """The instructor's page: flagged pairs side by side, the nearest others, the method."""
    def row(rank: int, p: Pair) -> dict:
        return {"rank": rank, "a": p.a.label, "b": p.b.label, "code": _fmt(p.code) or "–",
                "prose": _fmt(p.prose) or "–", "parts": _matched_parts(p) or "–",
                "shown": p.shown, "link": p.score >= threshold}
    flagged = [row(i, p) for i, p in enumerate(pairs, 1) if p.score >= threshold]
    below = [row(i, p) for i, p in enumerate(pairs, 1) if p.score < threshold][:SHOWN_BELOW]
    return render("similarity.html.j2", assignment=assignment, threshold=f"{threshold:g}",
                  compared=compared, pairs=len(pairs), flagged=flagged, below=below,
                  skipped=skipped, noise=NOISE, common=COMMON, min_words=MIN_WORDS,
                  passage_words=PASSAGE_WORDS)


def _check_out(folder: Path, workspace: Path) -> Path:
    folder = folder.resolve()
    inside = folder.is_relative_to(REPO_ROOT) and not folder.is_relative_to(workspace.resolve())
    if inside:
        raise ValueError(f"{folder} is inside the course repository; the similarity page quotes "
                         "students' work, so write it to the grading workspace (the default) "
                         "or a folder outside the repository.")
    return folder


def write_similarity(workspace: Path, assignment_name: str,
                     threshold: float = DEFAULT_THRESHOLD,
                     out: Path | None = None) -> tuple[Path, Path, list[Pair]]:
    """Compare every graded submission; write the page and the CSV; return them and the pairs."""
    check_threshold(threshold)
    folder = _check_out(out or workspace / "similarity", workspace)
    assignment = load_assignment(assignment_name)
    cells = starter_cells(assignment)
    works, skipped = collect_work(workspace, assignment, cells)
    if not works:
        raise ValueError(f"Nothing of {assignment_name} has been graded yet. Run: "
                         f"alliance-course grade {assignment_name} <submissions> first.")
    pairs = compare(works, {key.split("/", 1)[1]: cell.source for key, cell in cells.items()
                            if cell.cell_type == "code"})
    html_path = folder / f"{assignment_name}-similarity.html"
    csv_path = folder / f"{assignment_name}-similarity.csv"
    write_atomic(html_path, pairs_html(assignment_name, pairs, threshold, len(works), skipped))
    write_atomic(csv_path, pairs_csv(pairs, threshold))
    return html_path, csv_path, pairs
