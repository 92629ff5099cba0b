"""What the chat tells the agent after asking the provider about a message whose outcome is unknown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.lifecycle import DeliveryState
from console.services.conversations import Verification, VerifyResult
from console.ui.labels import delivery_state
from console.ui.wording import say

# Spelled out at each call so that `make translations` (lupdate) finds the strings; the chat
# pane's context, where they have always been translated.
translate = QCoreApplication.translate


def verify_text(result: VerifyResult) -> str:
    provider = result.provider
    if result.outcome is Verification.ASKED:
        state = delivery_state(result.message.state)
        if result.message.state is DeliveryState.UNKNOWN:
            unknown = translate(
                "ChatPane", "{provider} does not know this message yet. Check with {provider} before sending it again."
            )
            return unknown.format(provider=provider)
        return translate("ChatPane", "{provider} says this message is {state}.").format(provider=provider, state=state)
    if result.outcome is Verification.UNREACHABLE:
        reason = say(result.detail) if result.detail else ""
        return translate("ChatPane", "Could not ask {provider}: {reason}").format(provider=provider, reason=reason)
    if result.outcome is Verification.NO_ID:
        return translate(
            "ChatPane",
            "{provider} never answered with an id for this message, so it cannot be asked about it. "
            "Check with {provider} whether it arrived before sending it again.",
        ).format(provider=provider)
    return translate(
        "ChatPane",
        "{provider} cannot be asked about a message's state. "
        "Check with {provider} whether it arrived before sending it again.",
    ).format(provider=provider)
