"""Colours, type sizes and the window's style sheet, all derived from the palette.

Nothing here hard-codes a light or dark colour: every shade is a blend of the
current palette's roles, so the window reads well in either scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette

SPACING = 12
MARGIN = 20
WARNING_HUE = QColor(230, 150, 20)


_RESTYLE_EVENTS = (
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationFontChange,
)


def restyles(event: QEvent) -> bool:
    """Whether ``event`` changes the palette or font that a widget's style sheet is built
    from: a ``changeEvent`` then builds the sheet again."""
    return event.type() in _RESTYLE_EVENTS


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` blended towards ``b`` by ``amount`` (0 gives ``a``, 1 gives ``b``)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def muted_text(palette: QPalette) -> QColor:
    """Secondary text: the text colour eased towards the background."""
    return mix(
        palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.35
    )


def tint(palette: QPalette, colour: QColor, amount: float) -> QColor:
    """A background tinted with ``colour``; stronger on dark palettes so it still shows."""
    base = palette.color(QPalette.ColorRole.Window)
    return mix(base, colour, amount * (1.5 if is_dark(palette) else 1.0))


def accent(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Highlight)


def style_sheet(palette: QPalette, base_pt: float) -> str:
    """The main window's style sheet for ``palette`` and a base font size in points."""
    text = palette.color(QPalette.ColorRole.WindowText).name()
    window = palette.color(QPalette.ColorRole.Window)
    hi = accent(palette)
    hi_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    muted = muted_text(palette).name()
    line = mix(window, palette.color(QPalette.ColorRole.WindowText), 0.18).name()
    dot = mix(window, palette.color(QPalette.ColorRole.WindowText), 0.3).name()
    card = mix(window, palette.color(QPalette.ColorRole.Base), 0.6).name()
    warn = WARNING_HUE
    link = palette.color(QPalette.ColorRole.Link).name()
    return f"""
QLabel#title {{ font-size: {base_pt * 2.2:.1f}pt; font-weight: 700; color: {text}; }}
QLabel#category {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 600; color: {muted}; }}
QLabel#heading {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 700; color: {muted};
    margin-top: 6px; }}
QLabel#body, QLabel#stepText, QLabel#cue {{ font-size: {base_pt * 1.15:.1f}pt; color: {text}; }}
QLabel#muted {{ font-size: {base_pt * 1.05:.1f}pt; color: {muted}; }}
QLabel#caption {{ font-size: {base_pt * 1.05:.1f}pt; color: {muted}; }}
QLabel#tag {{ font-size: {base_pt * 1.0:.1f}pt; font-weight: 600; color: {text};
    background: {tint(palette, hi, 0.22).name()}; border-radius: 10px; padding: 3px 10px; }}
QFrame#doseBox {{ background: {tint(palette, hi, 0.12).name()};
    border-left: 5px solid {hi.name()}; border-radius: 6px; }}
QLabel#doseLabel {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 700; color: {muted}; }}
QLabel#doseText {{ font-size: {base_pt * 1.6:.1f}pt; font-weight: 700; color: {text}; }}
QFrame#step[current="true"] {{ background: {tint(palette, hi, 0.16).name()}; border-radius: 6px; }}
QLabel#stepNumber {{ font-size: {base_pt * 1.1:.1f}pt; font-weight: 700; color: {hi_text};
    background: {hi.name()}; border-radius: 13px; min-width: 26px; max-width: 26px;
    min-height: 26px; max-height: 26px; }}
QFrame#illustrationCard {{ background: {card}; border: 1px solid {line}; border-radius: 10px; }}
QPushButton#startButton {{ font-size: {base_pt * 1.5:.1f}pt; font-weight: 700; color: {hi_text};
    background: {hi.name()}; border: none; border-radius: 8px; padding: 12px 36px; }}
QPushButton#startButton:hover {{ background: {hi.lighter(112).name()}; }}
QPushButton#startButton:pressed {{ background: {hi.darker(115).name()}; }}
QPushButton#startButton:disabled {{ background: {dot}; }}
QPushButton#navButton {{ font-size: {base_pt * 1.1:.1f}pt; padding: 8px 16px; }}
QPushButton#dot {{ min-width: 14px; max-width: 14px; min-height: 14px; max-height: 14px;
    border-radius: 7px; border: none; background: {dot}; padding: 0; }}
QPushButton#dot:hover {{ background: {mix(window, hi, 0.55).name()}; }}
QPushButton#dot:checked {{ background: {hi.name()}; }}
QPushButton#dot:focus {{ border: 2px solid {text}; }}
QPushButton#linkButton {{ color: {link}; border: none; padding: 4px 6px; }}
QPushButton#linkButton:hover {{ text-decoration: underline; }}
QPushButton#contextButton {{ padding: 6px 14px; font-size: {base_pt * 1.05:.1f}pt; }}
QPushButton#contextButton:checked {{ background: {hi.name()}; color: {hi_text};
    border: 1px solid {hi.name()}; }}
QComboBox#routineCombo {{ font-size: {base_pt * 1.1:.1f}pt; padding: 4px 10px; }}
QFrame#banner[kind="warning"] {{ background: {tint(palette, warn, 0.22).name()};
    border: 1px solid {mix(window, warn, 0.7).name()}; border-radius: 8px; }}
QFrame#banner[kind="info"] {{ background: {tint(palette, hi, 0.14).name()};
    border: 1px solid {mix(window, hi, 0.6).name()}; border-radius: 8px; }}
QLabel#bannerTitle {{ font-size: {base_pt * 1.1:.1f}pt; font-weight: 700; color: {text}; }}
QLabel#bannerText {{ font-size: {base_pt * 1.05:.1f}pt; color: {text}; }}
QFrame#rule {{ background: {line}; max-height: 1px; border: none; }}
QLabel#empty {{ font-size: {base_pt * 1.3:.1f}pt; color: {muted}; }}
"""
