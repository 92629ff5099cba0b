"""What the agent reads when the callback relay (the team's, or this computer's) does not do what was asked."""

from __future__ import annotations

from console.domain.notices import Wording

THE_RELAY = Wording("relay.name", "The callback relay")
TOKEN_REFUSED = Wording("relay.token_refused", "The callback relay refused this console's token.")
ANSWERED = Wording("relay.answered", "The callback relay answered {status}.")
NO_ROUTE_TOKEN = Wording("relay.no_route_token", "The callback relay registered the route but sent no token.")
UNREADABLE_EVENTS = Wording("relay.unreadable_events", "The callback relay sent events this console cannot read.")
