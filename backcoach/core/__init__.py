"""Qt-free logic: clock seam, cues, phases, session plan and engine, set records, clock text."""
