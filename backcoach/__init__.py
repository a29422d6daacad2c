"""backcoach: eyes-free coaching through back-care exercises for runners."""

__version__ = "0.1.0"
