"""What was asked for is not stored (any more): an account, a message, a contact, a bulk run."""

from __future__ import annotations

from console.domain.notices import Notice, NoticeError, Wording

NO_ACCOUNT_NAMED = Wording("missing.account_named", "There is no account named '{name}'.")
NO_ACCOUNT_WITH_ID = Wording("missing.account_with_id", "There is no account with id {id}.")
NO_MESSAGE = Wording("missing.message", "message {id} does not exist")
NO_CONTACT = Wording("missing.contact", "contact {id} does not exist")
NO_BULK_RUN = Wording("missing.bulk_run", "bulk run {id} does not exist")


class Missing(NoticeError, LookupError):
    """A `LookupError` that says, in the agent's words, what is not there."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice)
