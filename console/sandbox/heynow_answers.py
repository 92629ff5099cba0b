"""Hey Now's error descriptions in its document's own words ("Descripción" columns).

The document gives a description per answer code and method, never the error body's
shape: we assume `{"message": <description>}` (our digest's shape). Where it gives no
words (login refusals, bad parameters, mass sends on a validating channel) the simulator
keeps its own, in English, so they are not mistaken for the provider's.
"""

from __future__ import annotations

# §5 "Envío de mensaje", §7 "Consulta de estado de mensaje", §8 "Consulta de agenda".
TOKEN_NOT_VALID = "Token no valido o autenticación no realizada"  # 401, every method
INSUFFICIENT_PERMISSIONS = "Permisos insuficientes"  # 403, every method
INTERNAL_ERROR = "Error interno"  # 500, status and contacts
SEND_NOT_FOUND = "Recurso no encontrado"  # 404 of 'message': the client is not in the agenda
MESSAGE_NOT_FOUND = "Mensaje no encontrado"  # 404 of the status query
CONTACT_NOT_FOUND = "Contacto no encontrado"  # 404 of the contact query
