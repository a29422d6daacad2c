"""Colours, type sizes and the window's style sheet, all derived from the palette.

Nothing here hard-codes a light or dark colour: every shade is a blend of the
current palette's roles, so the window reads well in either scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette

from backcoach.ui.figure import MIN_CONTRAST, readable

SPACING = 12
MARGIN = 20
WARNING_HUE = QColor(230, 150, 20)
LIGHT_HUES = {"green": QColor(40, 150, 70), "amber": WARNING_HUE, "red": QColor(210, 50, 60)}
"""The hue of each coaching light (see :mod:`backcoach.core.coach.lights`)."""


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


def light_colour(palette: QPalette, light: str) -> QColor:
    """A coaching light's colour, brighter on dark palettes so it stands out from them."""
    hue = LIGHT_HUES[light]
    return hue.lighter(130) if is_dark(palette) else hue.darker(110)


def accent(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Highlight)


def link_colour(palette: QPalette) -> QColor:
    """A link's colour: the palette's, lightened or darkened until it reads on the window
    (a dark palette that sets no link colour keeps Qt's dark blue)."""
    link = palette.color(QPalette.ColorRole.Link)
    window = palette.color(QPalette.ColorRole.Window)
    rgb = readable(
        (link.red(), link.green(), link.blue()),
        (window.red(), window.green(), window.blue()),
        MIN_CONTRAST,
    )
    return QColor(*rgb)


def line_colour(palette: QPalette) -> QColor:
    """Rules and the frames of cards: visible on the window in either scheme."""
    return mix(
        palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText), 0.25
    )


def edge_colour(palette: QPalette) -> QColor:
    """The border of an input (a field, a button, a radio button): plainly visible on the
    window and on a card, in either scheme."""
    return mix(
        palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText), 0.45
    )


def card_colour(palette: QPalette) -> QColor:
    """The background of a card (the picture's, a set-up exercise's)."""
    return mix(
        palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base), 0.6
    )


FOCUS_WIDTH = 2
"""The focus ring's width in pixels, in the accent colour, on every focusable control."""
PRIMARY_RADIUS = 8
"""The corner radius of the filled primary button."""


def controls_style(palette: QPalette) -> str:
    """Inputs, buttons, lists and scroll areas that follow ``palette``, each with a
    :data:`FOCUS_WIDTH` accent ring while it has the keyboard focus.

    Every control keeps a border of the ring's width whether focused or not (a colour
    change, never a size change), so nothing moves when the focus does. The filled
    primary button draws its own ring (:class:`backcoach.ui.widgets.PrimaryButton`).
    """
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    base = palette.color(QPalette.ColorRole.Base).name()
    field_text = palette.color(QPalette.ColorRole.Text).name()
    button = palette.color(QPalette.ColorRole.Button)
    button_text = palette.color(QPalette.ColorRole.ButtonText).name()
    hi = accent(palette)
    hi_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    edge = edge_colour(palette).name()
    line = line_colour(palette).name()
    faint = mix(window, text, 0.4).name()
    ring = f"{FOCUS_WIDTH}px solid"
    dot = (
        f"qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {hi.name()}, "
        f"stop: 0.5 {hi.name()}, stop: 0.6 {base}, stop: 1 {base})"
    )
    return f"""
QPushButton {{ color: {button_text}; background: {button.name()}; border: {ring} {edge};
    border-radius: 6px; padding: 5px 14px; outline: none; }}
QPushButton:hover {{ background: {mix(button, hi, 0.15).name()}; }}
QPushButton:pressed {{ background: {mix(button, text, 0.15).name()}; }}
QPushButton:disabled {{ color: {faint}; background: {mix(window, button, 0.5).name()};
    border-color: {line}; }}
QPushButton:focus {{ border-color: {hi.name()}; }}
QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit {{ color: {field_text}; background: {base};
    border: {ring} {edge}; border-radius: 6px; padding: 3px 8px;
    selection-background-color: {hi.name()}; selection-color: {hi_text}; }}
QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QLineEdit:focus {{
    border-color: {hi.name()}; }}
QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled, QLineEdit:disabled {{
    color: {faint}; border-color: {line}; }}
QSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::up-button,
QDoubleSpinBox::down-button {{ width: 20px; }}
QRadioButton, QCheckBox {{ color: {text.name()}; spacing: 8px; border: {ring} transparent;
    border-radius: 6px; padding: 2px 6px 2px 4px; outline: none; }}
QRadioButton:focus, QCheckBox:focus {{ border-color: {hi.name()}; }}
QRadioButton:disabled, QCheckBox:disabled {{ color: {faint}; }}
QRadioButton::indicator, QCheckBox::indicator {{ width: 14px; height: 14px;
    border: {ring} {edge}; background: {base}; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator:checked {{ border-color: {hi.name()}; background: {dot}; }}
QCheckBox::indicator:checked {{ border-color: {hi.name()}; background: {hi.name()}; }}
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {line}; }}
QSlider {{ border: {ring} transparent; border-radius: 6px; min-height: 24px; }}
QSlider:focus {{ border-color: {hi.name()}; }}
QSlider::groove:horizontal {{ height: 4px; background: {line}; border-radius: 2px;
    margin: 0 8px; }}
QSlider::sub-page:horizontal {{ background: {hi.name()}; border-radius: 2px; margin-left: 8px; }}
QSlider::sub-page:horizontal:disabled {{ background: {faint}; }}
QSlider::handle:horizontal {{ width: 14px; margin: -7px 0; border-radius: 9px; background: {base};
    border: {ring} {edge}; }}
QSlider::handle:horizontal:disabled {{ border-color: {line}; }}
QTreeView, QTableView {{ border: {ring} {line}; border-radius: 6px; }}
QTreeView:focus, QTableView:focus {{ border-color: {hi.name()}; }}
QTreeView::item:selected, QTableView::item:selected {{ background: {hi.name()};
    color: {hi_text}; }}
QScrollArea {{ border: {ring} transparent; border-radius: 6px; }}
QScrollArea:focus {{ border-color: {hi.name()}; }}
"""


def _disc(colour: str) -> str:
    """A background that is a disc of ``colour`` three quarters as wide as the box, so a
    focus ring around the box stands apart from it."""
    return (
        f"qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {colour}, "
        f"stop: 0.72 {colour}, stop: 0.8 rgba(0, 0, 0, 0), stop: 1 rgba(0, 0, 0, 0))"
    )


def style_sheet(palette: QPalette, base_pt: float) -> str:
    """The main window's style sheet for ``palette`` and a base font size in points: the
    controls (:func:`controls_style`) and the named labels and frames of its pages."""
    text = palette.color(QPalette.ColorRole.WindowText).name()
    window = palette.color(QPalette.ColorRole.Window)
    hi = accent(palette)
    hi_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    muted = muted_text(palette).name()
    line = line_colour(palette).name()
    dot = mix(window, palette.color(QPalette.ColorRole.WindowText), 0.3).name()
    card = card_colour(palette).name()
    warn = WARNING_HUE
    link = link_colour(palette).name()
    chosen = tint(palette, hi, 0.3).name()
    return (
        controls_style(palette)
        + f"""
QLabel#title {{ font-size: {base_pt * 2.2:.1f}pt; font-weight: 700; color: {text}; }}
QLabel#category {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 600; color: {muted}; }}
QLabel#heading {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 700; color: {muted};
    margin-top: 6px; }}
QLabel#fieldHeading {{ font-size: {base_pt * 0.95:.1f}pt; font-weight: 700; color: {muted}; }}
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
    background: {hi.name()}; border: none; border-radius: {PRIMARY_RADIUS}px; padding: 10px 34px;
    margin: {FOCUS_WIDTH * 2}px; }}
QPushButton#startButton:hover {{ background: {hi.lighter(112).name()}; }}
QPushButton#startButton:pressed {{ background: {hi.darker(115).name()}; }}
QPushButton#startButton:disabled {{ background: {dot}; }}
QPushButton#navButton {{ font-size: {base_pt * 1.1:.1f}pt; padding: 6px 16px; }}
QPushButton#dot {{ min-width: 16px; max-width: 16px; min-height: 16px; max-height: 16px;
    border-radius: 10px; border: {FOCUS_WIDTH}px solid transparent; padding: 0;
    background: {_disc(dot)}; }}
QPushButton#dot:hover {{ background: {_disc(mix(window, hi, 0.55).name())}; }}
QPushButton#dot:checked {{ background: {_disc(hi.name())}; }}
QPushButton#dot:focus {{ border-color: {hi.name()}; }}
QPushButton#linkButton {{ color: {link}; background: transparent; border-color: transparent;
    padding: 4px 6px; }}
QPushButton#linkButton:hover {{ text-decoration: underline; }}
QPushButton#linkButton:focus {{ border-color: {hi.name()}; }}
QPushButton#contextButton {{ padding: 5px 14px; font-size: {base_pt * 1.05:.1f}pt; }}
QPushButton#contextButton:checked {{ background: {chosen}; color: {text}; border-color: {text}; }}
QPushButton#contextButton:checked:focus {{ border-color: {hi.name()}; }}
QComboBox#routineCombo {{ font-size: {base_pt * 1.1:.1f}pt; }}
QFrame#banner[kind="warning"] {{ background: {tint(palette, warn, 0.22).name()};
    border: 1px solid {mix(window, warn, 0.7).name()}; border-radius: 8px; }}
QFrame#banner[kind="info"] {{ background: {tint(palette, hi, 0.14).name()};
    border: 1px solid {mix(window, hi, 0.6).name()}; border-radius: 8px; }}
QLabel#bannerTitle {{ font-size: {base_pt * 1.1:.1f}pt; font-weight: 700; color: {text}; }}
QLabel#bannerText {{ font-size: {base_pt * 1.05:.1f}pt; color: {text}; }}
QFrame#rule {{ background: {line}; max-height: 1px; border: none; }}
QLabel#empty {{ font-size: {base_pt * 1.3:.1f}pt; color: {muted}; }}
"""
    )
