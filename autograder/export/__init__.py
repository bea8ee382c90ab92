"""Stage 5, export: the grades in the LMS's import format."""
