"""Widgets only: the main window and its carousel. No timing or storage decisions here."""
