"""The providers' HTTP client, built when it is first used.

httpx and the aiohttp transport under it cost about 70 ms of processor time to load, on a start
of about a second: the workspace, and the window built on it, come up without them. The first
request (a send, a status poll, a health check, all started once the window is up) builds the
client; what is asked of this object goes to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from console.providers.aiohttp_transport import ProviderHttp


class HttpOnFirstUse:
    """Stands for `provider_http_client(timeout)`, built on first use; `timeout` None: the
    providers' default (`transport.DEFAULT_TIMEOUT`)."""

    def __init__(self, timeout: httpx.Timeout | None = None) -> None:
        self._timeout = timeout
        self._client: ProviderHttp | None = None

    def new_client(self) -> ProviderHttp:
        """Another client like this one (the status poller's thread keeps its own)."""
        from console.providers.aiohttp_transport import provider_http_client
        from console.providers.transport import DEFAULT_TIMEOUT

        return provider_http_client(self._timeout or DEFAULT_TIMEOUT)

    @property
    def client(self) -> ProviderHttp:
        if self._client is None:
            self._client = self.new_client()
        return self._client

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # this object's own, not yet set (a copy being made)
            raise AttributeError(name)
        return getattr(self.client, name)

    async def aclose(self) -> None:
        """Close the client, if it was ever built."""
        if self._client is not None:
            await self._client.aclose()


def http_on_first_use(timeout: httpx.Timeout | None = None) -> httpx.AsyncClient:
    """An `HttpOnFirstUse`, typed as the client it stands for (what it is asked goes to that client)."""
    return HttpOnFirstUse(timeout)  # type: ignore[return-value]
