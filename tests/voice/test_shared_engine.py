"""Speakers share pyttsx3's one engine per process by taking turns, each with its own voice."""

from __future__ import annotations

import threading

from backcoach.voice.engine import SharedEngine

WAIT = 5.0


class OneEngine:
    """Stands in for pyttsx3's engine: the speaking blocks until the test lets it end."""

    def __init__(self) -> None:
        self.properties: dict[str, object] = {"voices": ["en"], "rate": 200}
        self.log: list[tuple[str, object]] = []
        self.inside = 0
        self.most_inside = 0
        self.speaking = threading.Event()
        self.release = threading.Event()

    def say(self, text: str) -> None:
        self.log.append(("say", (text, self.properties["rate"])))

    def setProperty(self, name: str, value: object) -> None:
        self.properties[name] = value

    def getProperty(self, name: str) -> object:
        return self.properties[name]

    def runAndWait(self) -> None:
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self.speaking.set()
        self.release.wait(WAIT)
        self.inside -= 1


def test_each_speaker_speaks_with_its_own_rate() -> None:
    engine = OneEngine()
    session, test = SharedEngine(engine), SharedEngine(engine)
    session.setProperty("rate", 165)
    test.setProperty("rate", 240)
    engine.release.set()
    session.say("Halfway.")
    session.runAndWait()
    test.say("This is how I sound.")
    test.runAndWait()
    session.say("3")
    session.runAndWait()
    assert [entry for kind, entry in engine.log if kind == "say"] == [
        ("Halfway.", 165),
        ("This is how I sound.", 240),
        ("3", 165),
    ]
    assert session.getProperty("rate") == 165
    assert session.getProperty("voices") == ["en"]


def test_two_speakers_never_run_the_engine_at_once() -> None:
    engine = OneEngine()
    first, second = SharedEngine(engine), SharedEngine(engine)
    first.say("Switch sides: right side.")
    second.say("Rest 30 seconds.")
    one = threading.Thread(target=first.runAndWait)
    one.start()
    assert engine.speaking.wait(WAIT)
    two = threading.Thread(target=second.runAndWait)
    two.start()
    two.join(0.2)
    assert two.is_alive(), "the second speaker must wait for its turn"
    engine.release.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not one.is_alive() and not two.is_alive()
    assert engine.most_inside == 1
    said = [entry for kind, entry in engine.log if kind == "say"]
    assert [entry[0] for entry in said if isinstance(entry, tuple)] == [
        "Switch sides: right side.",
        "Rest 30 seconds.",
    ]


def test_nothing_to_say_never_runs_the_engine() -> None:
    engine = OneEngine()
    SharedEngine(engine).runAndWait()
    assert engine.most_inside == 0
