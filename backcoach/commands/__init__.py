"""Terminal commands; each module exposes ``register(subparsers, content)``."""
