"""The words drawn in the exercise pictures, by key: the one place to translate them.

A position's pose names its callouts by key (``text = "back-flat"``); the loader accepts
only these keys, so every word a picture shows is here.
"""

from __future__ import annotations

CALLOUTS: dict[str, str] = {
    "back-flat": "back flat",
    "back-pressed": "back pressed down",
    "ribs-down": "ribs down",
    "knee-over-ankle": "knee over ankle",
    "knee-over-hip": "knee over hip",
    "knee-bent": "knee stays bent",
    "on-cushion": "knee on a cushion",
    "hand-on-chair": "hand on a chair",
    "hands-on-hips": "hands on hips",
    "spine-tall": "spine tall",
    "squeeze-glutes": "squeeze glutes",
    "hips-back": "hips back",
    "hips-forward": "hips forward",
    "weights-close": "weights close",
    "stand-tall": "stand tall",
    "head-in-line": "head in line",
}
"""Callout key to the words shown."""
