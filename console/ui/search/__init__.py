"""Finding messages by their text: across every conversation (a dialog) and in the open chat (a bar)."""
