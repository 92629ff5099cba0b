"""An account's fields on the command line, generated from the providers' declared fields:
`centralita account add PROVIDER NAME …` and `centralita server accounts add PROVIDER NAME …`
take the same flags. Light on purpose: `python -m console.cli.server` imports it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from console.domain.accounts import PROVIDER_TITLES, ProviderKind
from console.domain.notices import Notice, NoticeError, Wording
from console.providers.registry import PROVIDERS, definition

NOTHING_ON_STDIN = Wording("cli.nothing_on_stdin", "no {what} on standard input")

# A secret's value as typed ('-': read it from standard input) and the field's label → the secret.
SecretReader = Callable[[str, Notice | str], str]


def flag_for(key: str) -> str:
    """The command-line flag of an account field."""
    return "--region" if key == "default_region" else "--" + key.replace("_", "-")


def read_secret(value: str, what: Notice | str) -> str:
    """A secret flag's value; '-' reads one line from standard input (kept out of the process
    list and the shell history). `NoticeError` when that line is empty."""
    if value != "-":
        return value
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        raise NoticeError(NOTHING_ON_STDIN(what=what))
    return line


def add_provider_parsers(add: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """One sub-command per provider under `add`, each with NAME and its account's fields as flags."""
    providers = add.add_subparsers(dest="provider", required=True)
    parsers = []
    for spec in PROVIDERS:
        parser = providers.add_parser(spec.kind.value, help=f"a {PROVIDER_TITLES[spec.kind]} account")
        parser.add_argument("name")
        for field in spec.fields:
            required = field.required and field.default is None
            hint = f"{field.label}" + ("; '-' reads it from standard input" if field.secret else "")
            if field.default is not None:
                hint += f" (default {field.default})"
            parser.add_argument(flag_for(field.key), dest=field.key, required=required, help=hint)
        parsers.append(parser)
    return parsers


def entered_values(options: argparse.Namespace, read_secret: SecretReader) -> dict[str, object]:
    """The fields given on the command line, secrets read through `read_secret`."""
    values: dict[str, object] = {}
    for field in definition(ProviderKind(options.provider)).fields:
        value = getattr(options, field.key)
        if value is not None:
            values[field.key] = read_secret(value, field.label) if field.secret else value
    return values


def add_every_field(parser: argparse.ArgumentParser) -> None:
    """Every provider's account fields as optional flags, each once (a key means the same in every
    provider that has it): for changing an account whose provider the command learns from its name."""
    owners: dict[str, list[str]] = {}
    for spec in PROVIDERS:
        for field in spec.fields:
            owners.setdefault(field.key, []).append(PROVIDER_TITLES[spec.kind])
    for key, titles in owners.items():
        field = next(f for spec in PROVIDERS for f in spec.fields if f.key == key)
        hint = f"{field.label} ({', '.join(titles)})" + ("; '-' reads it from standard input" if field.secret else "")
        parser.add_argument(flag_for(key), dest=key, help=hint)


def changed_values(options: argparse.Namespace, read_secret: SecretReader) -> dict[str, object]:
    """The fields given to `add_every_field`'s flags, secrets read through `read_secret`."""
    values: dict[str, object] = {}
    for spec in PROVIDERS:
        for field in spec.fields:
            value = getattr(options, field.key, None)
            if value is not None and field.key not in values:
                values[field.key] = read_secret(value, field.label) if field.secret else value
    return values
