"""Centralita: an operator console for WhatsApp Business providers."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata only when asked for: the
    metadata's import costs a noticeable part of the window's first paint."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("centralita")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0"
