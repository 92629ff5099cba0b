"""The team server (`centralita server`): the relay's routes plus the team endpoints (agents'
tokens, the ordered change log, who has which conversation), several processes on one PostgreSQL.

`store` keeps the state and decides, `feed` wakes long-polls (LISTEN/NOTIFY), `app` is the
`/team/` HTTP surface, `server` runs one process. See docs/TEAM.md.
"""
