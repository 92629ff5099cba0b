"""The templates the demo business has approved on Broadcasterbot: every template send is
checked against them, the console's demo account is given exactly these, and the simulated
customers answer them.

The document requires `template.name`, `template.params` and `template.language` and shows
neither a catalogue nor the error for a template it does not know. WhatsApp only sends an
approved template, by its name and language, with exactly its parameters; the simulator
therefore refuses any other as an invalid body (400, code 1200, naming the field), so that
a client sending a wrong name or count fails here as it would there. Placeholders are
WhatsApp's positional ones (`{{1}}`, `{{2}}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LANGUAGES: tuple[str, ...] = ("es_mx", "es_ar", "es", "en_us")
DEMO_LANGUAGE = "es_mx"  # the console's default template language for Broadcasterbot


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    text: str  # with WhatsApp's positional placeholders {{1}}, {{2}}...
    answers: tuple[str, ...] = ()  # what a customer who read it may write back
    languages: tuple[str, ...] = LANGUAGES

    @property
    def param_count(self) -> int:
        return len(set(re.findall(r"\{\{(\d+)\}\}", self.text)))

    def wire(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "languages": list(self.languages), "params": self.param_count}


TEMPLATES: tuple[Template, ...] = (
    Template(
        "bienvenida",
        "¡Hola {{1}}! Gracias por escribirnos. ¿En qué te podemos ayudar?",
        ("Hola, quería consultar por un envío a domicilio.", "¡Hola! ¿Tienen local para retirar en persona?"),
    ),
    Template(
        "pedido_listo",
        "Hola {{1}}, tu pedido {{2}} ya está listo. Puedes pasar a retirarlo o responder este mensaje para coordinar el envío.",
        ("¡Genial! Paso a buscarlo mañana a la tarde.", "¿Me lo pueden mandar a casa? Estoy hasta las 18 h."),
    ),
    Template(
        "recordatorio_pago",
        "Hola {{1}}, te recordamos que la factura {{2}} vence el {{3}}. Si ya la pagaste, ignora este mensaje.",
        ("Ya la pagué ayer, ¿les mando el comprobante?", "¿Puedo pagarla en dos veces?"),
    ),
    Template(
        "encuesta",
        "{{1}}, ¿cómo calificarías la atención que recibiste? Responde con un número del 1 al 5.",
        ("5, muy buena atención.", "3. Tardaron bastante en contestar."),
    ),
    Template("horario_atencion", "Atendemos de lunes a viernes de 9 a 18 h. ¡Te esperamos!"),
)
_BY_NAME = {template.name: template for template in TEMPLATES}


def answers_to(template_name: str | None) -> tuple[str, ...]:
    """What customers write back to a template of the catalogue; () for anything else."""
    template = _BY_NAME.get(template_name or "")
    return () if template is None else template.answers


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
