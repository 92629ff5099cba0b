"""A sent template reads in the chat as the customer read it: the catalogue's text with its
values; the name and values stay with it, and a template the catalogue lacks says so."""

from __future__ import annotations

from pathlib import Path

from console.domain.content import TemplateContent
from console.domain.templates import Template
from console.sandbox.server import SandboxServer
from tests.conftest import add_broadcasterbot_account, open_workspace, run_core

CUSTOMER = "59899123456"
ORDER_READY = Template.from_body("pedido_listo", "Hola {{1}}, tu pedido {{2}} ya salió.", "es_mx")


def test_a_template_shows_its_catalogue_text_filled_in_or_none_when_the_catalogue_lacks_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            await workspace.templates.add(bb, ORDER_READY)
            known = await workspace.outbox.send(bb, CUSTOMER, TemplateContent("pedido_listo", ("Lucía", "MX-48213")))
            unknown = await workspace.outbox.send(bb, CUSTOMER, TemplateContent("aviso_pago", ("Lucía",)))
            page = await workspace.conversations.chat_page(known.conversation_id)
            single = await workspace.conversations.chat_message(unknown.id)
            return page, single

    page, single = run_core(scenario())
    first, second = page
    assert first.message.body == "[pedido_listo] Lucía · MX-48213"  # what the timeline keeps
    assert first.template is not None
    assert first.template.text == "Hola Lucía, tu pedido MX-48213 ya salió."
    assert first.template.content.name == "pedido_listo" and first.template.content.params == ("Lucía", "MX-48213")
    assert second.template is not None and second.template.text is None
    assert second.template.content.name == "aviso_pago"
    assert single == second
    assert first.attachment is None
