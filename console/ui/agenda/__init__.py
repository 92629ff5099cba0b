"""The agenda pane's dialogs."""
