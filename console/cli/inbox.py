"""`centralita inbox` and `centralita search`: what the window's inbox and search show, for scripts."""

from __future__ import annotations

import argparse
import sys

from console.cli.views import inbox_row_json, inbox_row_line, print_json, search_hit_json, search_hit_line
from console.cli.wording import say
from console.domain.inbox import BotHandling, ConversationStatus, InboxFilter
from console.domain.notices import Wording
from console.domain.search_views import SearchHit
from console.services.workspace import Workspace
from console.store.types import utcnow


def add_inbox_parsers(sub: argparse._SubParsersAction) -> None:
    inbox = sub.add_parser("inbox", help="every account's conversations, newest activity first")
    inbox.add_argument("--unread", action="store_true", help="only conversations with unread messages")
    inbox.add_argument("--waiting", action="store_true", help="only those where the customer wrote last")
    inbox.add_argument(
        "--closing", action="store_true", help="only those whose 24 h window closes within 2 h, first to close first"
    )
    inbox.add_argument("--resolved", action="store_true", help="resolved conversations instead of open ones")
    inbox.add_argument(
        "--bot",
        choices=[hand.value for hand in BotHandling],
        help="where a bot answers: those the bot has, those it finished (waiting for an agent), or an agent took",
    )
    inbox.add_argument("--account", metavar="NAME", help="one account's conversations")
    inbox.add_argument("--label", help="only contacts with this label")
    inbox.add_argument("--limit", type=int, default=50)
    inbox.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help="messages containing TEXT (accents and capitals ignored), newest first")
    search.add_argument("text")
    search.add_argument("--account", metavar="NAME", help="one account's messages")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true")


MORE_ROWS = Wording("cli.inbox.more", "... {count} more (use --limit or a filter)")
NO_HIT = Wording("cli.search.nothing", "no message contains '{text}'")
OLDER_MAY_MATCH = Wording("cli.search.older_may_match", "... older messages may contain it too (use --limit)")


async def inbox(options: argparse.Namespace, workspace: Workspace) -> int:
    account_id = None if options.account is None else (await workspace.accounts.by_name(options.account)).id
    chosen = InboxFilter(
        status=ConversationStatus.RESOLVED if options.resolved else ConversationStatus.OPEN,
        unread=options.unread,
        waiting=options.waiting,
        closing_soon=options.closing,
        account_id=account_id,
        label=options.label,
        bot=None if options.bot is None else BotHandling(options.bot),
    )
    total = await workspace.inbox.count(chosen)
    rows = await workspace.inbox.page(chosen, 0, options.limit)
    now = utcnow()
    if options.json:
        unread = await workspace.inbox.unread_totals()
        print_json(
            {
                "total": total,
                "unread": {"conversations": unread.conversations, "messages": unread.messages},
                "conversations": [inbox_row_json(row, now) for row in rows],
            }
        )
        return 0
    for row in rows:
        print(inbox_row_line(row, now))
    if total > len(rows):
        print(say(MORE_ROWS(count=total - len(rows))), file=sys.stderr)
    return 0


async def search(options: argparse.Namespace, workspace: Workspace) -> int:
    account_id = None if options.account is None else (await workspace.accounts.by_name(options.account)).id
    hits, more = await _search_hits(workspace, options.text, account_id, options.limit)
    if options.json:
        print_json([search_hit_json(hit) for hit in hits])
        return 0
    for hit in hits:
        print(search_hit_line(hit))
    if not hits:
        print(say(NO_HIT(text=options.text)), file=sys.stderr)
    elif more:
        print(say(OLDER_MAY_MATCH()), file=sys.stderr)
    return 0


async def _search_hits(workspace: Workspace, text: str, account_id: int | None, limit: int) -> tuple[list[SearchHit], bool]:
    """Up to `limit` hits, newest first, and whether older ones may follow: pages are asked
    until then, since a page may end short before the search has reached the oldest message."""
    hits: list[SearchHit] = []
    before: int | None = None
    while len(hits) < limit:
        page = await workspace.message_search.search(
            text, account_id=account_id, before_message_id=before, limit=limit - len(hits)
        )
        hits.extend(page.hits)
        if not page.more:
            return hits, False
        before = page.next_before
    return hits, True
