"""The WhatsApp Cloud API simulator's wire shapes: Graph error bodies, webhook envelopes,
the signature, the template catalogue. Shapes from Meta's OpenAPI description
(`GraphAPIError`, `CursorPaging`, the messages endpoint and its webhooks)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
import time
import zlib
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Hub-Signature-256"


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A one-colour PNG, so the demo customers' photos are real images."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# What a demo customer's file message carries when the test or demo names no file of its own.
DEMO_FILES: dict[str, tuple[bytes, str]] = {
    "image": (_png(64, 48, (37, 211, 102)), "image/png"),
    "sticker": (
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
        "image/webp",
    ),
    "document": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
    "audio": (b"OggS" + bytes(60), "audio/ogg"),
    "video": (bytes(4) + b"ftypmp42" + bytes(52), "video/mp4"),
}

# code → (HTTP status, type, message) as Graph answers them.
ERRORS: dict[int, tuple[int, str, str]] = {
    100: (400, "OAuthException", "Invalid parameter"),
    190: (401, "OAuthException", "Error validating access token: Session has expired."),
    4: (400, "OAuthException", "Application request limit reached"),
    80007: (400, "OAuthException", "Rate limit issues"),
    130429: (400, "OAuthException", "Rate limit hit"),
    131000: (500, "OAuthException", "Something went wrong"),
    131026: (400, "OAuthException", "Message Undeliverable"),
    131047: (400, "OAuthException", "Re-engagement message"),
    131048: (400, "OAuthException", "Spam rate limit hit"),
    131049: (400, "OAuthException", "This message was not delivered to maintain healthy ecosystem engagement."),
    131051: (400, "OAuthException", "Unsupported message type"),
    131056: (400, "OAuthException", "(Business Account, Consumer Account) pair rate limit hit"),
    132000: (400, "OAuthException", "Number of parameters does not match the expected number of params"),
    132001: (400, "OAuthException", "Template name does not exist in the translation"),
    132012: (400, "OAuthException", "Parameter format does not match format in the created template"),
}


def error_body(code: int, details: str | None = None, subcode: int | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, the documented body) for a Graph error code."""
    status, kind, message = ERRORS.get(code, (400, "OAuthException", "Invalid parameter"))
    error: dict[str, Any] = {"message": f"({'#' + str(code)}) {message}", "type": kind, "code": code}
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
    return status, {"error": error}


def status_error(code: int, details: str | None = None) -> dict[str, Any]:
    """One entry of a failed status's `errors[]`."""
    _, _, message = ERRORS.get(code, (400, "", "Unknown error"))
    entry: dict[str, Any] = {"code": code, "title": message, "message": message}
    if details:
        entry["error_data"] = {"details": details}
    entry["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
    return entry


def signature(app_secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the exact body with the app secret>`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def template_review(waba_id: str, template: SandboxTemplate, index: int) -> dict[str, Any]:
    """The `message_template_status_update` webhook Meta posts when a template's review changes."""
    reason = "NONE" if template.status == "APPROVED" else "INCORRECT_CATEGORY" if template.status == "REJECTED" else None
    value = {
        "event": template.status,
        "message_template_id": 900000000000000 + index,
        "message_template_name": template.name,
        "message_template_language": template.language,
        "message_template_category": template.category,
        "reason": reason,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": waba_id, "time": int(time.time()), "changes": [{"field": "message_template_status_update", "value": value}]}
        ],
    }


def envelope(waba_id: str, metadata: dict[str, str], value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": waba_id,
                "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": metadata, **value}}],
            }
        ],
    }


@dataclass(slots=True)
class SandboxTemplate:
    name: str
    language: str
    status: str
    category: str
    body: str
    header: str | None = None  # IMAGE, VIDEO, DOCUMENT

    @property
    def params(self) -> int:
        return sum(1 for n in range(1, 21) if f"{{{{{n}}}}}" in self.body)

    def wire(self, index: int) -> dict[str, Any]:
        components: list[dict[str, Any]] = []
        if self.header:
            components.append({"type": "HEADER", "format": self.header})
        components.append({"type": "BODY", "text": self.body})
        return {
            "name": self.name,
            "language": self.language,
            "status": self.status,
            "category": self.category,
            "components": components,
            "id": str(900000000000000 + index),
        }


def demo_templates() -> list[SandboxTemplate]:
    return [
        SandboxTemplate(
            "bienvenida", "es", "APPROVED", "UTILITY", "Hola {{1}}, gracias por escribirnos. ¿En qué podemos ayudarte?"
        ),
        SandboxTemplate("pedido_enviado", "es", "APPROVED", "UTILITY", "Tu pedido {{1}} salió hoy y llega el {{2}}.", "IMAGE"),
        SandboxTemplate("factura", "es", "APPROVED", "UTILITY", "Adjuntamos la factura {{1}}.", "DOCUMENT"),
        SandboxTemplate("recordatorio_turno", "es", "PENDING", "UTILITY", "Te recordamos tu turno del {{1}}."),
        SandboxTemplate("promo_verano", "es", "REJECTED", "MARKETING", "¡{{1}}% de descuento solo hoy!"),
        SandboxTemplate("welcome", "en_US", "APPROVED", "UTILITY", "Hi {{1}}, thanks for writing to us."),
    ]
