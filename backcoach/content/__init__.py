"""Exercise and routine content: data files plus their loader and validator."""

from backcoach.content.loader import DATA_DIR, load_content
from backcoach.content.model import (
    CONTEXT_LABELS,
    CONTEXTS,
    Content,
    ContentProblem,
    Exercise,
    Routine,
)

__all__ = [
    "CONTEXTS",
    "CONTEXT_LABELS",
    "DATA_DIR",
    "Content",
    "ContentProblem",
    "Exercise",
    "Routine",
    "load_content",
]
