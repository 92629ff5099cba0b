"""The Cliengo sandbox's websites, HSM templates and demo media files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from console.sandbox.media_host import MediaFile, pdf_bytes, png_bytes

DEMO_WEBSITE = "demo-website"
DEMO_API_KEY = "demo-cliengo-key"
OTHER_WEBSITE = "otra-website"
OTHER_API_KEY = "otra-cliengo-key"

DEMO_MEDIA_PATH = "/demo-media"  # under the simulator's prefix


class TemplateType(StrEnum):
    TEXT = "TEXT"
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    DOCUMENT = "DOCUMENT"


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    type: TemplateType
    text: str  # with {{variable}} placeholders
    variables: tuple[str, ...] = ()

    def render(self, params: Mapping[str, str]) -> str:
        return re.sub(r"\{\{(\w+)\}\}", lambda match: params.get(match.group(1), match.group(0)), self.text)

    def wire(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type.value, "text": self.text, "variables": list(self.variables)}


@dataclass(frozen=True, slots=True)
class Website:
    id: str
    name: str
    api_key: str


WEBSITES: tuple[Website, ...] = (
    Website(DEMO_WEBSITE, "Tienda Demo", DEMO_API_KEY),
    Website(OTHER_WEBSITE, "Otra Empresa", OTHER_API_KEY),
)

SEED_TEMPLATES: Mapping[str, tuple[Template, ...]] = {
    DEMO_WEBSITE: (
        Template(
            "7",
            "bienvenida",
            TemplateType.TEXT,
            "¡Hola {{name}}! Gracias por comunicarte con Tienda Demo. ¿En qué podemos ayudarte?",
            ("name",),
        ),
        Template(
            "9",
            "horario_atencion",
            TemplateType.TEXT,
            "Te recordamos que atendemos de lunes a viernes de 9 a 18 h. ¡Te esperamos!",
        ),
        Template(
            "12",
            "pedido_confirmado",
            TemplateType.IMAGE,
            "Hola {{name}}, tu pedido {{pedido}} fue confirmado. Te enviamos el comprobante.",
            ("name", "pedido"),
        ),
        Template(
            "15",
            "tutorial_instalacion",
            TemplateType.VIDEO,
            "{{name}}, mirá este video para instalar tu equipo paso a paso.",
            ("name",),
        ),
        Template(
            "18",
            "factura_disponible",
            TemplateType.DOCUMENT,
            "Hola {{name}}, adjuntamos la factura {{factura}} de tu compra. ¡Gracias por elegirnos!",
            ("name", "factura"),
        ),
    ),
    OTHER_WEBSITE: (
        Template("3", "aviso_turno", TemplateType.TEXT, "Hola {{name}}, tu turno es mañana a las {{hora}}.", ("name", "hora")),
    ),
}

# Served by the simulator under `{PREFIX}{DEMO_MEDIA_PATH}/`: two good files and one per
# way a link can fail Cliengo's checks, so each answer can be seen from the GUI.
DEMO_MEDIA: Mapping[str, MediaFile] = {
    "logo.png": MediaFile(png_bytes(64, 64), "image/png"),
    "factura.pdf": MediaFile(pdf_bytes("Factura A-0001-00001234"), "application/pdf"),
    "foto-grande.jpg": MediaFile(png_bytes(8, 8), "image/jpeg", claimed_length=5_245_329),
    "sin-tipo.png": MediaFile(png_bytes(8, 8), None),
    "sin-largo.pdf": MediaFile(pdf_bytes("Sin largo"), "application/pdf", send_length=False),
    "sin-head.png": MediaFile(png_bytes(8, 8), "image/png", head_allowed=False),
    "bucle.png": MediaFile(redirect_to="bucle.png"),
}
