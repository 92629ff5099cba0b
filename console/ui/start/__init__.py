"""The window's start: what paints before the rest of the program loads."""
