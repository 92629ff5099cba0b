from console.domain.lifecycle import DeliveryState as S
from console.domain.lifecycle import fold_state, is_terminal


def test_progress_only_moves_forward() -> None:
    assert fold_state(S.PENDING, S.ACCEPTED) is S.ACCEPTED
    assert fold_state(S.ACCEPTED, S.DELIVERED) is S.DELIVERED
    assert fold_state(S.READ, S.SENT) is S.READ  # a late `sent` does not demote
    assert fold_state(S.DELIVERED, S.ACCEPTED) is S.DELIVERED


def test_unknown_is_replaced_by_any_real_news() -> None:
    assert fold_state(S.UNKNOWN, S.ACCEPTED) is S.ACCEPTED
    assert fold_state(S.UNKNOWN, S.FAILED) is S.FAILED
    assert fold_state(S.ACCEPTED, S.UNKNOWN) is S.ACCEPTED


def test_failure_ends_undelivered_messages_only() -> None:
    assert fold_state(S.SENT, S.FAILED) is S.FAILED
    assert fold_state(S.DELIVERED, S.FAILED) is S.DELIVERED
    assert fold_state(S.FAILED, S.READ) is S.FAILED


def test_deleted_ends_everything() -> None:
    assert fold_state(S.READ, S.DELETED) is S.DELETED
    assert fold_state(S.DELETED, S.READ) is S.DELETED


def test_terminal_states() -> None:
    assert {s for s in S if is_terminal(s)} == {S.READ, S.FAILED, S.DELETED}
