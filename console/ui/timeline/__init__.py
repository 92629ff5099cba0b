"""Pieces of the timeline pane: step durations, state colours and the day chart."""
