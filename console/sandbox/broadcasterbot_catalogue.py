"""The templates the demo business has approved on Broadcasterbot, and what its customers
say back to each.

The simulator sends any template it is asked to, as the real one does for a business whose
catalogue it cannot see; the console's demo account is given exactly these, so its
pre-flight checks and the chat's template text agree with what the simulated customers read.
Placeholders are positional (`{{1}}`, `{{2}}`), in the demo account's language.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_LANGUAGE = "es_mx"  # the console's default template language for Broadcasterbot


@dataclass(frozen=True, slots=True)
class DemoTemplate:
    name: str
    body: str
    answers: tuple[str, ...]  # what a customer who read it may write back
    language: str = DEMO_LANGUAGE


DEMO_TEMPLATES: tuple[DemoTemplate, ...] = (
    DemoTemplate(
        "bienvenida",
        "¡Hola {{1}}! Gracias por escribirnos. ¿En qué te podemos ayudar?",
        ("Hola, quería consultar por un envío a domicilio.", "¡Hola! ¿Tienen local para retirar en persona?"),
    ),
    DemoTemplate(
        "pedido_listo",
        "Hola {{1}}, tu pedido {{2}} ya está listo. Puedes pasar a retirarlo o responder este mensaje para coordinar el envío.",
        ("¡Genial! Paso a buscarlo mañana a la tarde.", "¿Me lo pueden mandar a casa? Estoy hasta las 18 h."),
    ),
    DemoTemplate(
        "recordatorio_pago",
        "Hola {{1}}, te recordamos que la factura {{2}} vence el {{3}}. Si ya la pagaste, ignora este mensaje.",
        ("Ya la pagué ayer, ¿les mando el comprobante?", "¿Puedo pagarla en dos veces?"),
    ),
    DemoTemplate(
        "encuesta",
        "{{1}}, ¿cómo calificarías la atención que recibiste? Responde con un número del 1 al 5.",
        ("5, muy buena atención.", "3. Tardaron bastante en contestar."),
    ),
)


def answers_to(template_name: str | None) -> tuple[str, ...]:
    """What customers write back to a template of the catalogue; () for anything else."""
    return next((t.answers for t in DEMO_TEMPLATES if t.name == template_name), ())
