"""Deterministic, realistic Uruguayan and Argentine customers for the simulated agendas.

Phones are WhatsApp ids (digits with country code). They are built from prefixes that
`phonenumbers` accepts as mobiles for any suffix (checked in the tests), so generating
100,000 people needs no per-row validation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "Martín", "Lucía", "Sofía", "Matías", "Joaquín", "Valentina", "Agustín", "Camila",
    "Nicolás", "Florencia", "Sebastián", "Julián", "Tomás", "Federico", "Gonzalo",
    "Santiago", "María José", "Ana Inés", "Mauricio", "Andrés", "Ramón", "Inés", "Belén",
    "Mónica", "Verónica", "Natalia", "Carolina", "Gabriela", "Rocío", "Ximena", "Agustina",
    "Micaela", "Facundo", "Rodrigo", "Diego", "Pablo", "Javier", "Germán", "Álvaro",
    "Héctor", "Raúl", "Óscar", "Rubén", "Josefina", "Catalina", "Emilia", "Martina",
    "Jimena", "Paula", "Cecilia", "Silvia", "Graciela", "Beatriz", "Marcelo", "Fabián",
    "Hernán", "Damián", "Maximiliano", "Ignacio", "Bruno", "Franco", "Lautaro", "Benjamín",
    "Mía", "Renata", "Milagros", "Begoña", "Noelia", "Víctor", "Efraín",
)

LAST_NAMES: tuple[str, ...] = (
    "Fernández", "Pérez", "González", "Rodríguez", "López", "Martínez", "García", "Sánchez",
    "Gómez", "Díaz", "Álvarez", "Romero", "Suárez", "Silva", "Pereira", "Sosa", "Núñez",
    "Benítez", "Acosta", "Ramírez", "Cabrera", "Méndez", "Castro", "Olivera", "Vázquez",
    "Techera", "Giménez", "Ruiz", "Medina", "Herrera", "Domínguez", "Ferreira", "Cardozo",
    "Rossi", "Bianchi", "Russo", "Borges", "Larrañaga", "Etcheverry", "Echeverría",
    "Iriarte", "Arrúa", "Muñoz", "Ibáñez", "Peña", "Morales", "Ortiz", "Torres", "Rivero",
    "De León", "Da Silva", "Moreira", "Cabral", "Correa", "Viera", "Píriz", "Lemos",
    "Bentancor", "Quiñones", "Saldaña",
)
# fmt: on

# (prefix, random digits after it). Uruguay: 9 + [1-8] + 6 digits; 5989 9… is left out
# so that generated customers never collide with the channels' own numbers.
URUGUAY_PREFIXES: tuple[tuple[str, int], ...] = tuple((f"5989{d}", 6) for d in "12345678")
# Argentina: 54 9 + area code + subscriber number (10 national digits, no "15"). Only
# subscriber first digits that are valid mobiles for every remaining suffix are used.
ARGENTINA_PREFIXES: tuple[tuple[str, int], ...] = (
    *((f"54911{d}", 7) for d in "2345678"),  # Buenos Aires
    *((f"549351{d}", 6) for d in "23456789"),  # Córdoba
    *((f"549341{d}", 6) for d in "2345678"),  # Rosario
    *((f"549261{d}", 6) for d in "2345678"),  # Mendoza
    *((f"549221{d}", 6) for d in "23456"),  # La Plata
    *((f"549381{d}", 6) for d in "234567"),  # Tucumán
    *((f"5492944{d}", 5) for d in "23456789"),  # Bariloche
)
URUGUAY_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    phone: str  # WhatsApp id: digits with country code
    country: str  # ISO code, "UY" or "AR"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def generate_people(count: int, seed: int) -> list[Person]:
    """`count` people with distinct phones; the same seed always gives the same people."""
    rng = random.Random(seed)
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < count:
        uruguayan = rng.random() < URUGUAY_SHARE
        prefix, digits = rng.choice(URUGUAY_PREFIXES if uruguayan else ARGENTINA_PREFIXES)
        phone = f"{prefix}{rng.randrange(10**digits):0{digits}d}"
        if phone in seen:
            continue
        seen.add(phone)
        people.append(Person(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), phone, "UY" if uruguayan else "AR"))
    return people
