"""asyncio logic of the console: outbox, status poller, agenda sync. No Qt."""
