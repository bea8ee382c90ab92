"""Stage 1, release: the student versions of the assignments, and a sample class to practise on."""
