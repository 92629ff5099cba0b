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
from console.domain.text_search import snippet
from console.domain.views import SearchHit
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
        """`MessageSearch.search` in a workspace on this data."""

        async def scenario() -> list[SearchHit]:
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
    first_page = written.search("factura", limit=2)
    assert len(first_page) == 2
    rest = written.search("factura", before_message_id=first_page[-1].message_id)
    assert _texts(first_page + rest) == _texts(written.search("factura"))
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
    assert written.search("   ") == []
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
