"""Networking plumbing shared by the relay and the sandbox: no domain, no storage, no Qt."""
