"""How a sent template reads in the chat: the customer's text in the bubble, the template's
name and values in its tooltip (and in the timeline, which shows the message's body)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.views import SentTemplate

# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def bubble_text(template: SentTemplate) -> str:
    """The text the customer read, or that the catalogue does not have it."""
    if template.text is not None:
        return template.text
    return translate("chat", "template {name} — its text is not in the catalogue").format(name=template.content.name)


def template_tooltip(template: SentTemplate) -> str:
    """The template's name, language and values, as they were sent."""
    content = template.content
    name = f"{content.name} · {content.language}" if content.language else content.name
    values = [*content.params, *(f"{key}={value}" for key, value in content.named_params.items())]
    if not values:
        return translate("chat", "Template {name}").format(name=name)
    return translate("chat", "Template {name}: {values}").format(name=name, values=" · ".join(values))
