"""The sender pane's parts: the composer, the template form and bulk runs."""
