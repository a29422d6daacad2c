"""Qt-free application services that the window and the terminal both use.

Starting and resuming sessions, pain check-ins, unsaved sets and the local
protocol between a running backcoach and a second start. Nothing here imports Qt.
"""
