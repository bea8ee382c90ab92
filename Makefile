# Alliance Lab: the front door.
#   make book     build the web book (strict) and the student versions of every assignment
#   make serve    view the built book at http://127.0.0.1:8000
#   make publish  put the built book on GitHub Pages (gh-pages branch, via ghp-import)
#   make test     run every test (builds the book first if needed)
#   make release  student versions of the assignments, plus one LMS-ready zip each
#   make grade    grade a class: make grade ASSIGNMENT=ex00-orientation SUBMISSIONS=path/or.zip
#   make status   who was graded, who failed and why: make status ASSIGNMENT=ex00-orientation
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

.PHONY: book html serve publish test release grade status bench datasets lint clean install install-test system-deps

book: html release
	@echo
	@echo "The web book is built: $(CURDIR)/_build/html/index.html"
	@echo "To read it, run 'make serve' and open http://127.0.0.1:8000 in your browser."
	@echo "Student versions of the assignments are in $(CURDIR)/_build/release/"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BOOK_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(PY) -m autograder.config_link
	touch $@

$(TEST_STAMP): pyproject.toml $(BOOK_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(BOOK_STAMP)
install-test: $(TEST_STAMP)

# Strict build: any Sphinx warning fails it. Chapters run through jupyter-cache, so an
# unchanged chapter is not re-executed.
html: $(BOOK_STAMP)
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

grade: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "Usage: make grade ASSIGNMENT=<id> SUBMISSIONS=<folder or zip>"; exit 2; }
	$(COURSE) grade $(ASSIGNMENT) $(SUBMISSIONS)

status: $(BOOK_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Usage: make status ASSIGNMENT=<id>"; exit 2; }
	$(COURSE) status $(ASSIGNMENT)

bench: $(TEST_STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

datasets: $(BOOK_STAMP)
	$(PY) -m alliance.data

lint: $(TEST_STAMP)
	$(BIN)/ruff check alliance autograder tests bench

# Publish the built site to the gh-pages branch of your GitHub repository (GitHub Pages).
publish: book
	$(BIN)/ghp-import --no-jekyll --push --force _build/html

clean:
	rm -rf _build
