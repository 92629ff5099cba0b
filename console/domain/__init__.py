"""Plain types of the console: no I/O, no Qt, no HTTP."""
