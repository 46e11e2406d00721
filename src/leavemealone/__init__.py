"""leavemealone: a private, offline, guided companion for getting someone to leave you alone."""

__version__ = "0.1.0"
