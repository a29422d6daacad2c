"""Qt-free logic: clock seam, cues, session plan and engine, set records."""
