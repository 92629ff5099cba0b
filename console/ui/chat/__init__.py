"""The chat pane's parts: bubbles, ticks, media, the session banner."""
