"""The inbox in the window: every account's conversations as the main navigation."""
