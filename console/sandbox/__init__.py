"""Offline simulators of the providers' HTTP APIs, served on this computer only.

The same client code talks to the sandbox and to the real provider; only the base URL
differs. Every documented failure is reproduced, every request is recorded, and faults
(delays, later more kinds) can be injected per route.
"""
