"""Alembic migrations of the team server's database (PostgreSQL, or SQLite for one process),
recorded in `team_alembic_version`; run by `console.team_server.upgrade`.

A new revision is a file `versions/NNNN_what_it_does.py` numbered after the newest, whose
`down_revision` is that newest one; until it matches `schema.py`,
`tests/test_team_schema.py` lists what differs as alembic's operations.
"""
