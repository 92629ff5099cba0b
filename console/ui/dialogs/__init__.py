"""Dialogs of the main window: settings and the keyboard shortcuts."""
