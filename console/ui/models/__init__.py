"""Qt item models over the services' data."""
