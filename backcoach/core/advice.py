"""What the summary says about back pain, from the check-ins before and after a session."""

from __future__ import annotations

from dataclasses import dataclass

EASE_OFF_RISE = 2
"""Points of pain gained during a session that call for easing off."""

SAFETY_NOTE = (
    "backcoach guides you through exercises; it is no substitute for a doctor or "
    "physiotherapist. Stop any movement that hurts. If you feel sharp pain or pain that "
    "spreads into a leg, numbness, or you lose control of your bladder or bowel, stop "
    "and get medical help straight away."
)


@dataclass(frozen=True)
class PainAdvice:
    """A note for the session summary."""

    title: str
    text: str
    ease_off: bool
    safety_note: str | None = None


def pain_advice(before: int | None, after: int | None) -> PainAdvice | None:
    """Advice from the two ratings (0–10), or None when either was skipped.

    A rise of :data:`EASE_OFF_RISE` points or more suggests shorter holds and
    fewer sets, and brings the safety note along.
    """
    if before is None or after is None:
        return None
    change = after - before
    if change >= EASE_OFF_RISE:
        return PainAdvice(
            "Ease off next time",
            f"Your back pain went up from {before} to {after} during this session. Next "
            "time, try shorter holds and fewer sets, and build up again only once a session "
            "leaves your back no worse than before.",
            ease_off=True,
            safety_note=SAFETY_NOTE,
        )
    if change < 0:
        return PainAdvice(
            "Your back eased",
            f"Pain went down from {before} to {after}. That is the sign this routine suits "
            "you; keep it up.",
            ease_off=False,
        )
    return PainAdvice(
        "About the same",
        f"Pain was {before} before and {after} after. Keep the doses as they are and "
        "watch how it goes over the next sessions.",
        ease_off=False,
    )
