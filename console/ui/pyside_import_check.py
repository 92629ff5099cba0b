"""PySide6's check of every module imported after it, answered the same way for a fraction of the cost.

Once PySide6 is loaded, each module imported later is asked whether it uses PySide's optional
features (`shibokensupport.feature.feature_imported`, PYSIDE-2029): the question is "does its
source mention PySide6?", read through `inspect.getsource`, about 0.4 ms a module. The live
window loads some 800 modules after the first paint (the ORM, the HTTP clients, the services),
so the check alone took about a third of a second of the start. Here the same text is read
as the file's bytes (about 0.07 ms); a module with no source file gets the original answer.
"""

from __future__ import annotations

import sys
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def install() -> bool:
    """Load PySide6 and put the faster check in place (once); False when this PySide6 has no such check."""
    import PySide6  # noqa: F401 - it sets its import hook up

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "__wrapped__", None) is not None:
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as file:
                    return b"PySide6" in file.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(feature, _CHECK, uses_pyside)
    return True
