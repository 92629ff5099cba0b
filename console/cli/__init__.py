"""The `centralita` command line."""
