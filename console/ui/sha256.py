"""SHA-256 for the first paint, without loading OpenSSL.

`hashlib` loads OpenSSL's library to offer every algorithm, about 2.5 ms of the first paint,
which needs only SHA-256 (the preferences' key for a data folder, the catalogues' names).
CPython also builds SHA-256 in: the same digests, without the library. The rest of the
program loads OpenSSL anyway (TLS), after the first paint.
"""

from __future__ import annotations

try:
    from _sha256 import sha256  # Python 3.11's built-in module
except ImportError:  # another Python's layout (3.12 names it `_sha2`), or a build without it
    from hashlib import sha256

__all__ = ["sha256"]
