"""Search in the text of every message: accents and capitals ignored, Spanish and English,
newest first, in pages, across accounts, in one, or inside one conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.messages import Direction
from console.domain.phones import parse_phone
from console.domain.search_views import SearchHit, SearchPage
from console.domain.text_search import searchable, snippet
from console.services.message_search import MessageSearch
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core

START = utcnow() - timedelta(days=1)
WRITTEN = [
    # (account, customer, text)
    ("bb", "+52 55 4433 2211", "Hola, ¿me reenvían la FACTURA de marzo?"),
    ("bb", "+52 55 4433 2212", "Where is my invoice? I paid the factura already"),
    ("other", "+52 55 4433 2211", "El envío llegó roto.\nQuiero   cambiarlo"),
    ("bb", "+52 55 4433 2211", "Gracias por la facturación"),
    ("other", "+52 55 4433 2213", "ok"),
]


@dataclass(frozen=True)
class Written:
    data_dir: Path
    accounts: dict[str, int]
    conversations: list[int]  # of each message of WRITTEN

    def search(self, query: str, **options: object) -> list[SearchHit]:
        """`MessageSearch.search`'s hits in a workspace on this data, when no page may follow."""
        page = self.page(query, **options)
        assert not page.more
        return list(page.hits)

    def page(self, query: str, **options: object) -> SearchPage:
        """`MessageSearch.search` in a workspace on this data."""

        async def scenario() -> SearchPage:
            async with open_workspace(self.data_dir) as workspace:
                return await workspace.message_search.search(query, **options)  # type: ignore[arg-type]

        return run_core(scenario())


@pytest.fixture
def written(tmp_path: Path) -> Written:
    async def scenario() -> Written:
        async with open_workspace(tmp_path) as workspace:
            accounts = {
                name: await workspace.accounts.add_account(
                    name, ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
                )
                for name in ("bb", "other")
            }
            conversations = []
            for n, (account, customer, text) in enumerate(WRITTEN):
                stored = await workspace.inbound.record(
                    accounts[account], parse_phone(customer), text, f"in-{n}", START + timedelta(minutes=n)
                )
                assert stored is not None
                conversations.append(stored.conversation_id)
            return Written(tmp_path, {name: account.id for name, account in accounts.items()}, conversations)

    return run_core(scenario())


def _texts(hits: list[SearchHit]) -> list[str]:
    return [hit.snippet for hit in hits]


def test_a_word_is_found_without_its_accents_or_capitals_newest_first(written: Written) -> None:
    hits = written.search("factura")
    assert _texts(hits) == [
        "Gracias por la facturación",
        "Where is my invoice? I paid the factura already",
        "Hola, ¿me reenvían la FACTURA de marzo?",
    ]
    first = hits[-1]
    assert first.snippet[first.highlight[0] : first.highlight[1]] == "FACTURA"
    assert first.direction is Direction.INCOMING and first.contact_title == "525544332211" and first.account_name == "bb"
    assert _texts(written.search("ENVIO")) == ["El envío llegó roto. Quiero cambiarlo"]  # one line, single spaces
    assert _texts(written.search("roto. quiero")) == ["El envío llegó roto. Quiero cambiarlo"]  # across a line break
    assert _texts(written.search("invoice")) == ["Where is my invoice? I paid the factura already"]
    assert written.search("facturas") == []


def test_pages_go_on_from_the_last_hit_and_searches_narrow_to_an_account_or_a_conversation(written: Written) -> None:
    first_page = written.page("factura", limit=2)
    assert len(first_page.hits) == 2 and first_page.more and first_page.next_before == first_page.hits[-1].message_id
    rest = written.search("factura", before_message_id=first_page.next_before)
    assert _texts([*first_page.hits, *rest]) == _texts(written.search("factura"))
    other = written.accounts["other"]
    assert _texts(written.search("llegó", account_id=other)) == ["El envío llegó roto. Quiero cambiarlo"]
    assert written.search("factura", account_id=other) == []
    # Inside one conversation one or two characters are enough (the chat's Ctrl+F).
    inside = written.search("a", conversation_id=written.conversations[0])
    assert _texts(inside) == ["Gracias por la facturación", "Hola, ¿me reenvían la FACTURA de marzo?"]
    assert {hit.conversation_id for hit in inside} == {written.conversations[0]}


def test_across_conversations_a_search_needs_three_characters(written: Written) -> None:
    with pytest.raises(InvalidInput, match="at least 3 characters"):
        written.search(" ok ")
    assert written.page("   ") == SearchPage((), more=False, next_before=None)
    assert _texts(written.search("ok", conversation_id=written.conversations[4])) == ["ok"]


def test_a_snippet_shows_the_match_in_the_text_around_it() -> None:
    body = "Buenos días. " * 10 + "Necesito la Factura Nº 4821 para mañana, por favor. " + "Saludos. " * 10
    piece = snippet(body, "factura n")
    assert piece.text.startswith("…") and piece.text.endswith("…")
    assert piece.text[piece.start : piece.end] == "Factura N"
    assert len(piece.text) < len(body)
    folded_longer = snippet("ﬁnal Straße", "ss")  # one letter folds into two
    assert folded_longer.text[folded_longer.start : folded_longer.end] == "ß"
    missing = snippet("Hola", "chau")
    assert (missing.text, missing.start, missing.end) == ("Hola", 0, 0)


WORDS = ("gracias", "factura", "envío", "retiro", "Dirección", "hola", "pedido", "ok", "señal")
QUERIES = (
    "gracias factura envio retiro",  # a phrase of common words
    "factura envio",
    "retiro gracias",
    "direccion",  # accents and capitals ignored
    "DIRECCIÓN hola",
    "senal",
    "a e",  # three characters, a space among them
    "o r",
    "ura",
    "ok ok ok",
    "pedido pedido pedido pedido",
    "zzz",  # nothing
    "factura zz",
)


def test_a_search_finds_what_reading_every_message_finds_in_the_same_order(tmp_path: Path) -> None:
    """Messages of common words in many orders: every query, across accounts, in one, and
    page by page (also when each page reads only a few candidates), answers exactly the
    messages whose folded text contains it, newest first."""

    async def scenario() -> None:
        async with open_workspace(tmp_path) as workspace:
            accounts = [
                await workspace.accounts.add_account(
                    name, ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
                )
                for name in ("bb", "other")
            ]
            written: list[tuple[int, int, str]] = []  # (message id, account id, folded text)
            for n in range(120):
                body = " ".join(WORDS[(n * 7 + step * (n % 5 + 1)) % len(WORDS)] for step in range(n % 6 + 2))
                account = accounts[n % 2]
                stored = await workspace.inbound.record(
                    account, parse_phone(f"+52 55 4433 {2200 + n % 9}"), body, f"m-{n}", START + timedelta(minutes=n)
                )
                assert stored is not None
                written.append((stored.id, account.id, searchable(body)))
            newest_first = sorted(written, reverse=True)
            bounded = MessageSearch(workspace.db, candidates=5)  # pages end short, the whole is the same
            for query in QUERIES:
                needle = searchable(query)
                expected = [mid for mid, _, folded in newest_first if needle in folded]
                found = await workspace.message_search.search(query, limit=1000)
                assert [hit.message_id for hit in found.hits] == expected and not found.more, query
                for search in (workspace.message_search, bounded):
                    paged: list[int] = []
                    before: int | None = None
                    while True:
                        page = await search.search(query, before_message_id=before, limit=7)
                        paged += [hit.message_id for hit in page.hits]
                        if not page.more:
                            break
                        before = page.next_before
                    assert paged == expected, query
                in_account = await workspace.message_search.search(query, account_id=accounts[1].id, limit=1000)
                assert [hit.message_id for hit in in_account.hits] == [
                    mid for mid, account_id, folded in newest_first if needle in folded and account_id == accounts[1].id
                ], query
            assert (await workspace.message_search.search("gracias factura envio retiro")).hits != ()

    run_core(scenario())


def test_a_page_reads_a_bounded_number_of_candidates_and_says_older_matches_may_follow(tmp_path: Path) -> None:
    """A phrase made of common pieces that one old message holds: each page stops after
    `candidates` messages of the index and says more may follow; going on from `next_before`
    finds it, and the last page says it is the end."""
    phrase = "envio retiro envio retiro envio"

    async def scenario() -> tuple[list[int], list[SearchPage], SearchPage]:
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            # Every one holds each three letters of the phrase, only the oldest the phrase itself.
            bodies = [phrase, *[f"Envío retiro envío {n}" for n in range(24)]]
            ids = []
            for n, body in enumerate(bodies):
                stored = await workspace.inbound.record(
                    account, parse_phone(f"+52 55 4433 {2200 + n}"), body, f"m-{n}", START + timedelta(minutes=n)
                )
                assert stored is not None
                ids.append(stored.id)
            bounded = MessageSearch(workspace.db, candidates=10)
            pages = [await bounded.search(phrase)]
            while pages[-1].more:
                pages.append(await bounded.search(phrase, before_message_id=pages[-1].next_before))
            unbounded = await workspace.message_search.search(phrase)
            return ids, pages, unbounded

    ids, pages, unbounded = run_core(scenario())
    newest_first = ids[::-1]
    assert [(page.hits, page.more, page.next_before) for page in pages] == [
        ((), True, newest_first[9]),  # ten candidates read, none holds the phrase
        ((), True, newest_first[19]),
        (unbounded.hits, False, None),  # the last five: the end
    ]
    assert [hit.message_id for hit in unbounded.hits] == [ids[0]] and not unbounded.more
