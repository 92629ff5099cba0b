"""The command line answers in the language of its locale: real processes, the sandbox as provider."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from console.cli.account_show import LINE, NAME, NO, OPERATIONS, PROVIDER, SANDBOX, shown_lines
from console.cli.send_commands import MEDIA_NEEDS_LINK
from console.cli.wording import say
from console.domain.accounts import Account, ProviderKind
from console.domain.capabilities import OPERATION_NAMES
from console.domain.errors import INVALID_INPUT
from console.domain.notices import Notice
from console.providers import registry
from console.sandbox.server import SandboxServer
from console.wording.catalogue import core_wordings
from console.wording.wordbook import Wordbook
from tests.test_cli import _add_account, _assert_one_clear_line, _environment

LOCALES = ["es_MX", "pt_BR"]
HEYNOW = registry.capabilities(ProviderKind.HEYNOW)


def _run(data_dir: Path, locale: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = _environment(data_dir) | {"LANG": f"{locale}.UTF-8"}
    return subprocess.run([sys.executable, "-m", "console", *args], capture_output=True, text=True, env=env, timeout=60)


def _notice(said: dict[str, Any]) -> Notice:
    """The notice a `--json` error carries, rebuilt from its code and values."""
    values = {name: _notice(value) if isinstance(value, dict) else value for name, value in said["values"].items()}
    return core_wordings()[said["code"]](**values)


def _assert_worded(done: subprocess.CompletedProcess[str], locale: str) -> Notice:
    """The one line on standard error is the `--json` error's notice in `locale`'s language,
    and not its English: every message on the way was translated."""
    line = _assert_one_clear_line(done)
    notice = _notice(json.loads(done.stdout)["error"])
    assert line == "centralita: " + Wordbook.for_locale(locale).say(notice)
    assert line != "centralita: " + notice.english()
    return notice


@pytest.mark.parametrize("locale", LOCALES)
def test_a_refused_send_answers_in_the_language_of_the_locale(tmp_path: Path, sandbox: SandboxServer, locale: str) -> None:
    _add_account(tmp_path, sandbox)
    refused = _run(tmp_path, locale, "send", "hn", "59899123456", "--media-type", "image", "--json")
    notice = _assert_worded(refused, locale)
    assert notice == INVALID_INPUT(field="--media-url", reason=MEDIA_NEEDS_LINK())
    assert sandbox.sandbox.log.count("heynow", "send") == 0


@pytest.mark.parametrize("locale", LOCALES)
def test_a_provider_error_answers_in_the_language_of_the_locale(tmp_path: Path, sandbox: SandboxServer, locale: str) -> None:
    _add_account(tmp_path, sandbox, password="wrong")
    refused = _run(tmp_path, locale, "account", "test", "hn", "--json")
    notice = _assert_worded(refused, locale)
    assert notice.code == "cli.account_not_connected"
    assert isinstance(notice.values["problem"], Notice) and notice.values["problem"].code != "core.untranslated"
    assert "wrong" not in refused.stderr  # the secret itself never appears


@pytest.mark.parametrize("locale", LOCALES)
def test_account_show_labels_its_lines_in_the_language_of_the_locale(
    tmp_path: Path, sandbox: SandboxServer, locale: str
) -> None:
    _add_account(tmp_path, sandbox)
    shown = _run(tmp_path, locale, "account", "show", "hn")
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    words = Wordbook.for_locale(locale)
    lines = shown.stdout.splitlines()
    assert lines[:3] == [
        words.say(LINE(label=NAME(), value="hn")),
        words.say(LINE(label=PROVIDER(), value="Hey Now")),
        words.say(LINE(label=SANDBOX(), value=NO())),
    ]
    operations = ", ".join(words.say(OPERATION_NAMES[op]()) for op in sorted(HEYNOW.operations))
    assert words.say(LINE(label=OPERATIONS(), value=operations)) in lines
    for field in registry.definition(ProviderKind.HEYNOW).fields:  # the provider's own labels, in that language too
        label = words.say(field.label)
        assert label != field.label.english() and any(line.startswith(label + ": ") for line in lines), field.key


@pytest.mark.parametrize("provider", list(ProviderKind))
def test_account_show_words_every_providers_abilities_and_limits(provider: ProviderKind) -> None:
    """Each operation and media kind a provider declares has its words (a Cloud API account
    once stopped `account show` on an operation the command line had no name for)."""
    account = Account(1, "cuenta", provider, {"base_url": "https://example.com"})
    shown = "\n".join(say(line) for line in shown_lines(account, account.settings, registry.capabilities(provider), "-", None))
    assert all(say(OPERATION_NAMES[op]()) in shown for op in registry.capabilities(provider).operations)
