"""Team mode to try on one computer (`centralita sandbox team`, the sandbox's File → Try team
mode…): a PostgreSQL cluster of our own (`postgres`) and one team server process over the
sandbox's simulators (`team`), with agents' tokens. See docs/TEAM.md, "Trying it on one computer".
"""
