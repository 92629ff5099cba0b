"""One module per provider: an async httpx client and the mapping of its wire format."""
