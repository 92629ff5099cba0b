"""Alembic migrations of the team server's database (PostgreSQL, or SQLite for one process),
recorded in `team_alembic_version`; run by `console.team_server.upgrade`."""
