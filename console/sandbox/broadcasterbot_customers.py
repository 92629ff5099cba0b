"""The demo business's customers on Broadcasterbot: they answer some of what they read and
now and then write first, with a text, a photo or a place.

A customer answers only a message they read, so the messages that stop at delivered (the
simulator's `never_read_ratio`) never get an answer. Who writes, what and when come from
the life's seed alone, so a test meets the same customers on every run; the demo's waits
are a person's (tens of seconds), a test's a fraction of a second. The photos are served
by the simulator under `MEDIA_PATH`, as the real provider hosts the files customers send.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from console.sandbox.broadcasterbot_bodies import Contact
from console.sandbox.broadcasterbot_callbacks import image_content, location_content, text_content
from console.sandbox.broadcasterbot_catalogue import answers_to
from console.sandbox.customer_life import CustomerLife
from console.sandbox.media_host import MediaFile, png_bytes
from console.sandbox.plumbing import Clock

MEDIA_PATH = "/media"  # under the simulator's prefix


# name: (caption, colour of the picture)
_PHOTOS: Mapping[str, tuple[str, tuple[int, int, int]]] = {
    "comprobante.png": ("Acá está el comprobante de pago", (236, 236, 228)),
    "producto.png": ("¿Tienen este modelo en otro color?", (214, 96, 77)),
    "caja.png": ("Así me llegó la caja 😕", (181, 140, 92)),
}
CUSTOMER_MEDIA: Mapping[str, MediaFile] = {
    name: MediaFile(png_bytes(240, 180, colour), "image/png") for name, (_, colour) in _PHOTOS.items()
}
_PLACES = (
    ("Terminal Tres Cruces", "Bv. Artigas 1825, Montevideo", -34.894138, -56.166416),
    ("Mercado Agrícola", "José L. Terra 2220, Montevideo", -34.886444, -56.178250),
    ("Obelisco", "Av. 9 de Julio s/n, CABA", -34.603722, -58.381592),
)
OPENERS = (
    "Hola, ¿me pueden reenviar la factura de marzo? No me llegó al correo.",
    "Buenas, ¿tienen stock de la heladera que publicaron ayer?",
    "Hola, mi pedido todavía no llegó. ¿Me ayudan?",
    "¿Hacen envíos al interior?",
)
_REPLIES = ("Perfecto, muchas gracias.", "¿Hasta qué hora atienden hoy?", "Dale, quedo atento.")

Write = Callable[[Contact, dict[str, Any]], None]


@dataclass(order=True, slots=True)
class _Planned:
    at: float  # on the simulator's clock
    seq: int
    contact: Contact = field(compare=False)
    content: dict[str, Any] = field(compare=False)


class SimulatedCustomers:
    """Use it on the simulator's loop only; `run` is one of the simulator's background tasks."""

    def __init__(
        self,
        life: CustomerLife,
        contacts: Callable[[], Sequence[Contact]],
        write: Write,
        media_link: Callable[[str], str | None],
        clock: Clock,
    ) -> None:
        """`contacts`: who may write first; `write`: a customer's message reaching the provider;
        `media_link`: the URL a photo is served at, None while the sandbox's address is unknown."""
        self._life = life
        self._contacts = contacts
        self._write = write
        self._media_link = media_link
        self._clock = clock
        # Apart, so that when the agent sends does not change who writes first, and the other way round.
        self._answers = random.Random(life.seed)
        self._openers = random.Random(life.seed + 1)
        self._planned: list[_Planned] = []
        self._seq = 0
        self._changed = asyncio.Event()

    def read(self, contact: Contact, template: str | None, at: float) -> None:
        """`contact` reads one of our messages at `at` (a `template`, or None); they may answer it."""
        rng = self._answers
        if rng.random() >= self._life.answer_ratio:
            return
        content = self._content(rng, answers_to(template) or _REPLIES)
        self._seq += 1
        heapq.heappush(self._planned, _Planned(at + rng.uniform(*self._life.answer_delay), self._seq, contact, content))
        self._changed.set()

    async def run(self) -> None:
        """Write each planned answer on time, and now and then a first message, until cancelled."""
        unprompted = self._clock() + self._openers.uniform(*self._life.first_words)
        while True:
            self._changed.clear()
            now = self._clock()
            while self._planned and self._planned[0].at <= now:
                planned = heapq.heappop(self._planned)
                self._write(planned.contact, planned.content)
            if now >= unprompted:
                self._write_first()
                unprompted = now + self._openers.uniform(*self._life.first_words)
            wake = min(unprompted, self._planned[0].at) if self._planned else unprompted
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
            # arrives as the event is set, and a close would then wait for the next timeout.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(wake - now, 0.0)):
                    await self._changed.wait()

    def _write_first(self) -> None:
        contacts = self._contacts()
        if contacts:
            self._write(self._openers.choice(list(contacts)), self._content(self._openers, OPENERS))

    def _content(self, rng: random.Random, texts: Sequence[str]) -> dict[str, Any]:
        """A text from `texts`, or now and then a photo or a place."""
        draw = rng.random()
        if draw < self._life.photo_ratio:
            name = rng.choice(sorted(_PHOTOS))
            link = self._media_link(name)
            if link is not None:
                return photo_content(name, link)
        elif draw < self._life.photo_ratio + self._life.place_ratio:
            place, address, latitude, longitude = rng.choice(_PLACES)
            return location_content(latitude, longitude, place, address)
        return text_content(rng.choice(texts))


def photo_content(name: str, link: str) -> dict[str, Any]:
    """One of `CUSTOMER_MEDIA`'s photos as a customer sends it, with its caption; `link` is where it is served."""
    return image_content(link, name, "image/png", _PHOTOS[name][0])
