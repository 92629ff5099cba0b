"""Errors of bad input, raised before anything is stored or sent."""


class InvalidInput(ValueError):
    """What the agent typed cannot be used; the message says what and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class DuplicateAccount(ValueError):
    """Another account already has that name."""
