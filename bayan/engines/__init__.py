"""Database engines: Django's own, with what Bayan changes in how their connections are kept."""
