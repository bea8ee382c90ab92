"""Stage 2, intake: read a class's submissions (a folder or an LMS download) and its roster."""
