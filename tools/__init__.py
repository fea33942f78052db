"""Command-line tools of the handbook: one entry point (`python -m tools.handbook`) for every task."""
