"""How the simulated customers behave, as plain settings: the window's session names them
without loading any simulator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CustomerLife:
    """A simulator without one has customers who only write when steered to."""

    seed: int = 7
    answer_ratio: float = 0.5  # of the messages they read, those customers answer
    answer_delay: tuple[float, float] = (20.0, 60.0)  # seconds from reading to answering
    first_words: tuple[float, float] = (30.0, 90.0)  # seconds between two customers writing unprompted
    photo_ratio: float = 0.2  # of what customers write, photos
    place_ratio: float = 0.1  # and places
