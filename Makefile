# Alliance Lab: the front door.
#   make book     build the web book (strict) and the student versions of every assignment
#   make serve    view the built book at http://127.0.0.1:8000
#   make public   the public edition, for students and Binder (this repository is the private
#                 instructor edition): make public DEST=../alliance-lab-public
#                 [PUBLIC_URL=https://github.com/<org>/<public repo>]
#   make publish  build the site from the public edition and put it on GitHub Pages (gh-pages
#                 branch, via ghp-import; optional PUBLIC_URL=... PAGES_REMOTE=<git remote>)
#   make test     run every test (builds the book first if needed)
#   make check    the fast tier: every test not marked slow (no grading, book or browser)
#   make release  student versions of the assignments, plus one LMS-ready zip each
#   make grade    grade a class: make grade ASSIGNMENT=ex00-orientation SUBMISSIONS=path/or.zip
#                 (optional ROSTER=roster.csv WORKERS=4, or SCHEDULER=tcp://host:8786 for a
#                 Dask cluster; EXTENSIONS=extensions.csv for students' new due dates)
#   make status   who was graded, who failed and why: make status ASSIGNMENT=ex00-orientation
#   make manual   written answers: make manual ASSIGNMENT=... [EXPORT=1 | IMPORT=grades.csv]
#   make feedback one feedback page per student: make feedback ASSIGNMENT=...
#   make report   what the round shows (scores, difficulty and discrimination per part,
#                 commonest mistakes; instructor only): make report ASSIGNMENT=...
#   make similarity  pairs of submissions with unusually similar code or written answers
#                 (instructor only): make similarity ASSIGNMENT=... [THRESHOLD=0.6]
#   make export   grades for the LMS: make export ASSIGNMENT=... FORMAT=canvas|moodle|csv
#                 (optional LMS_NAME="..." LMS_ID=12345 for Canvas, MISSING_ZERO=1)
#   make sample-class  a fictional class to practise on: make sample-class [ASSIGNMENT=...]
#   make bench    benchmarks, printed as ratios against the plain tools
#   make datasets regenerate datasets/ from its seeded simulations

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
COURSE := $(BIN)/alliance-course

# Stamps record that the environment matches pyproject.toml, so installs are skipped when
# nothing changed.
BOOK_STAMP := $(VENV)/.installed-book
TEST_STAMP := $(VENV)/.installed-test

.PHONY: book html serve public publish test check release grade status manual feedback export sample-class similarity report \
	bench datasets lint clean install install-test system-deps

book: html release
	@echo
	@echo "The web book is built: $(CURDIR)/_build/html/index.html"
	@echo "To read it, run 'make serve' and open http://127.0.0.1:8000 in your browser."
	@echo "Student versions of the assignments are in $(CURDIR)/_build/release/"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# pip only prints setuptools' deprecation warnings, which announce the day a build stops
# working; .ci/check-build-warnings builds the packages with them as errors first.
$(BOOK_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) .ci/check-build-warnings
	$(PY) -m pip install --quiet -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(PY) -m autograder.settings
	touch $@

$(TEST_STAMP): pyproject.toml $(BOOK_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(BOOK_STAMP)
install-test: $(TEST_STAMP)

# jupyter-cache keys a chapter on its own code cells only. When the course library or the
# data changes, every chapter's outputs may change too, so the cache and Sphinx's record of
# read pages are dropped and the next build re-executes everything.
LIBRARY := $(shell find alliance -name '*.py' 2>/dev/null) $(wildcard datasets/*.csv)
_build/.library-stamp: $(LIBRARY)
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

# Strict build: any Sphinx warning fails it. Chapters run through jupyter-cache, so an
# unchanged chapter is not re-executed.
html: $(BOOK_STAMP) _build/.library-stamp
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

release: $(BOOK_STAMP)
	$(COURSE) release

serve:
	@test -f _build/html/index.html || { echo "No built book yet: run 'make book' first."; exit 1; }
	@echo "Serving the book at http://127.0.0.1:8000 (press Ctrl-C to stop)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

system-deps:
	@sh .ci/ensure-system-deps

# axe-core, injected into pages by the accessibility tests (npm registry).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || { echo "The page tests need npm (Node.js): sudo apt-get install npm"; exit 1; }
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $@

test: $(TEST_STAMP) system-deps $(AXE) book
	$(BIN)/pytest

check: $(TEST_STAMP)
	$(BIN)/pytest -m "not slow" -q

grade: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "Usage: make grade ASSIGNMENT=<id> SUBMISSIONS=<folder or zip> [ROSTER=<csv>]"; exit 2; }
	$(COURSE) grade $(ASSIGNMENT) "$(SUBMISSIONS)" $(if $(ROSTER),--roster "$(ROSTER)") \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) \
		$(if $(EXTENSIONS),--extensions "$(EXTENSIONS)")

status: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make status ASSIGNMENT=<id>"; exit 2; }
	$(COURSE) status $(ASSIGNMENT)

manual: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make manual ASSIGNMENT=<id> [EXPORT=1 | IMPORT=<csv>]"; exit 2; }
	$(COURSE) manual $(ASSIGNMENT) $(if $(EXPORT),--export) $(if $(IMPORT),--import "$(IMPORT)")

feedback: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make feedback ASSIGNMENT=<id>"; exit 2; }
	$(COURSE) feedback $(ASSIGNMENT)

report: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make report ASSIGNMENT=<id>"; exit 2; }
	$(COURSE) report $(ASSIGNMENT)

similarity: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make similarity ASSIGNMENT=<id> [THRESHOLD=0.6]"; exit 2; }
	$(COURSE) similarity $(ASSIGNMENT) $(if $(THRESHOLD),--threshold $(THRESHOLD))

export: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make export ASSIGNMENT=<id> FORMAT=canvas|moodle|csv"; exit 2; }
	$(COURSE) export $(ASSIGNMENT) --format $(or $(FORMAT),csv) $(if $(MISSING_ZERO),--missing-zero) \
		$(if $(LMS_NAME),--lms-name "$(LMS_NAME)") $(if $(LMS_ID),--lms-id "$(LMS_ID)")

sample-class: $(BOOK_STAMP)
	$(COURSE) sample-class $(or $(ASSIGNMENT),ex00-orientation)

bench: $(TEST_STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

datasets: $(BOOK_STAMP)
	$(PY) -m alliance.data

lint: $(TEST_STAMP)
	$(BIN)/ruff check alliance autograder tests bench

# The public edition: an allow-list of files plus the released assignments, scanned for every
# solution line, hidden test and model answer before anything is written.
public: $(BOOK_STAMP)
	@test -n "$(DEST)" || { echo "Usage: make public DEST=<folder> [PUBLIC_URL=https://github.com/<org>/<repo>]"; exit 2; }
	$(COURSE) public "$(DEST)" $(if $(PUBLIC_URL),--public-url "$(PUBLIC_URL)")

# Publish the site built from the public edition, never from this repository: export the
# edition to a temporary folder, build it there (strict, with this environment), scan the
# built site for leaks, and push it to the gh-pages branch (GitHub Pages) with ghp-import.
publish: $(BOOK_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(COURSE) public "$$tmp/edition" $(if $(PUBLIC_URL),--public-url "$(PUBLIC_URL)") && \
	$(MAKE) -C "$$tmp/edition" book PYTHON_ENV="$(abspath $(VENV))" && \
	$(COURSE) leaks "$$tmp/edition/_build/html" && \
	$(BIN)/ghp-import --no-jekyll --push --force $(if $(PAGES_REMOTE),--remote "$(PAGES_REMOTE)") \
		"$$tmp/edition/_build/html"

clean:
	rm -rf _build
