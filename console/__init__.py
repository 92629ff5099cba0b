"""Centralita: an operator console for WhatsApp Business providers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("centralita")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
