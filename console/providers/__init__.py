"""One package per provider (its client, callback parser and `PROVIDER` definition),
listed in `registry`; `base` holds the client protocols the services ask for."""
