"""The controls a running session takes from outside (``backcoach ctl`` and MPRIS), on a
session driven by a fake clock."""

from __future__ import annotations

import pytest

from backcoach.content import load_content
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.session import Session
from backcoach.services.control import (
    NO_SESSION,
    NOT_NOW,
    UNKNOWN_ACTION,
    control_reply,
    session_status,
)
from tests.helpers.clock import FakeClock


@pytest.fixture
def session() -> Session:
    choices = {"dead-bug": DoseChoice(reps=6, rep_mode="tempo")}
    return Session(build_plan(load_content(), "strength-day", "day-off", choices), FakeClock())


def test_a_control_is_refused_with_a_code_for_programs(session: Session) -> None:
    def code(action: object) -> object:
        return control_reply({"action": action}, session, session).get("code")

    assert code("dance") == code(None) == UNKNOWN_ACTION
    assert code("pause") == NO_SESSION  # not started yet
    session.start()
    assert code("resume") == code("done") == NOT_NOW
    assert code("pause") is None and session.paused
    session.end()
    assert code("skip") == NO_SESSION


def test_guided_reps_report_the_rep_and_take_no_more_time(session: Session) -> None:
    session.start()
    session.skip()  # the get-ready countdown
    session.poll()
    status = session_status(session)
    assert (status["phase"], status["rep"], status["reps"]) == ("work", 1, 6)
    reply = control_reply({"action": "more"}, session, session)
    assert reply["code"] == NOT_NOW and "guided reps run by the rep" in reply["error"]
