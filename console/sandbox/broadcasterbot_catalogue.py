"""The approved templates of the Broadcasterbot sandbox, which every template send is checked against.

The document requires `template.name`, `template.params` and `template.language` and shows
neither a catalogue nor the error for a template it does not know. WhatsApp only sends an
approved template, by its name and language, with exactly its parameters; the simulator
therefore refuses any other as an invalid body (400, code 1200, naming the field), so that
a client sending a wrong name or count fails here as it would there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LANGUAGES: tuple[str, ...] = ("es_mx", "es_ar", "es", "en_us")


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    text: str  # with WhatsApp's positional placeholders {{1}}, {{2}}...
    languages: tuple[str, ...] = LANGUAGES

    @property
    def param_count(self) -> int:
        return len(set(re.findall(r"\{\{(\d+)\}\}", self.text)))

    def wire(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "languages": list(self.languages), "params": self.param_count}


TEMPLATES: tuple[Template, ...] = (
    Template("bienvenida", "¡Hola {{1}}! Gracias por escribirnos. ¿En qué podemos ayudarte?"),
    Template("pedido_listo", "Hola {{1}}, tu pedido {{2}} ya está listo para retirar."),
    Template("recordatorio_pago", "{{1}}, te recordamos que tu factura {{2}} vence el {{3}}."),
    Template("horario_atencion", "Atendemos de lunes a viernes de 9 a 18 h. ¡Te esperamos!"),
)
_BY_NAME = {template.name: template for template in TEMPLATES}


def template_errors(value: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a well-formed `template` object against the catalogue, by field."""
    template = _BY_NAME.get(value["name"])
    if template is None:
        return {"template.name": f"there is no approved template named '{value['name']}'"}
    errors: dict[str, str] = {}
    for index, param in enumerate(value["params"]):
        if not param.strip():
            errors[f"template.params[{index}]"] = "must not be empty: WhatsApp sends no blank parameter"
    given = len(value["params"])
    if given != template.param_count:
        errors["template.params"] = f"'{template.name}' takes {template.param_count} parameters, not {given}"
    if value["language"].casefold() not in template.languages:
        shown = ", ".join(template.languages)
        errors["template.language"] = f"'{template.name}' is approved in {shown}, not in {value['language']}"
    return errors
