"""The window's panes, one job each."""
