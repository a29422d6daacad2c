"""Poses: forward kinematics, blending, a rep's timeline, and the bundled poses' checks."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from backcoach.content import load_content
from backcoach.content.model import Arm, Exercise, Leg, Pose
from backcoach.core.pose import (
    ARM_RADII,
    FOREARM,
    HEAD_RY,
    SHIN,
    THIGH,
    UPPER_ARM,
    Skeleton,
    arrow_path,
    ease,
    grip,
    interpolate,
    landmark,
    pose_at,
    rep_keys,
    skeleton,
    swapped,
)

STAND = Pose(
    root="near-ankle",
    at=(0, 11.5),
    trunk=90,
    neck=0,
    near_arm=Arm(0, 0),
    far_arm=Arm(0, 0),
    near_leg=Leg(0, 0, 0),
    far_leg=Leg(0, 0, 0),
)
BENT = replace(STAND, trunk=30, near_arm=Arm(60, 20), near_leg=Leg(100, 40, -10))


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return load_content().exercises


def _angles(pose: Pose) -> tuple[float, ...]:
    """Every number of a pose, to compare in-between poses up to rounding."""
    limbs = (pose.near_arm, pose.far_arm, pose.near_leg, pose.far_leg)
    return (*pose.at, pose.trunk, pose.neck, *(v for limb in limbs for v in vars(limb).values()))


def _pose(exercise: Exercise, position: str) -> Pose:
    pose = exercise.position(position).pose
    assert pose is not None
    return pose


def test_a_figure_keeps_its_proportions_and_its_root_in_every_pose() -> None:
    for pose in (STAND, BENT, interpolate(STAND, BENT, 0.3)):
        s = skeleton(pose)
        shoulder, elbow, wrist, _ = s.near_arm.joints
        hip, knee, ankle, _ = s.near_leg.joints
        assert abs(elbow - shoulder) == pytest.approx(UPPER_ARM)
        assert abs(wrist - elbow) == pytest.approx(FOREARM)
        assert abs(knee - hip) == pytest.approx(THIGH)
        assert abs(ankle - knee) == pytest.approx(SHIN)
        assert ankle == pytest.approx(complex(0, 11.5))


def test_joint_angles_mean_what_a_physio_says() -> None:
    s = skeleton(replace(STAND, near_leg=Leg(90, 90, 0), root="hip", at=(0, 100)))
    hip, knee, ankle, _ = s.near_leg.joints
    assert knee - hip == pytest.approx(complex(THIGH, 0))  # hip at 90°: thigh forward
    assert ankle - knee == pytest.approx(complex(0, -SHIN))  # knee at 90°: shin down
    assert s.head.imag > s.neck.imag > s.hip.imag  # trunk at 90°: upright


def test_interpolation_blends_every_angle_and_keeps_the_ends() -> None:
    assert interpolate(STAND, BENT, 0) == STAND
    assert interpolate(STAND, BENT, 1) == BENT
    half = interpolate(STAND, BENT, 0.5)
    assert half.trunk == 60 and half.near_arm == Arm(30, 10)
    assert half.near_leg == Leg(50, 20, -5)
    assert interpolate(STAND, BENT, 2) == BENT  # clamped
    with pytest.raises(ValueError, match="cannot be blended"):
        interpolate(STAND, replace(BENT, root="hip"), 0.5)


def test_swapping_trades_near_and_far_limbs() -> None:
    other = swapped(BENT)
    assert (other.near_arm, other.far_arm) == (BENT.far_arm, BENT.near_arm)
    assert (other.near_leg, other.far_leg) == (BENT.far_leg, BENT.near_leg)
    assert swapped(other) == BENT


def test_a_rep_stretched_to_any_length_passes_its_poses_at_the_same_share(
    exercises: dict[str, Exercise],
) -> None:
    bug = exercises["dead-bug"]
    keys = rep_keys(bug)
    tempo = bug.dose.tempo_seconds
    assert tempo is not None
    rep = 12.0  # the voice stretched this rep from 8.5 s to 12 s

    def at(seconds: float) -> Pose:
        return pose_at(keys, seconds / rep)

    start, reach = _pose(bug, "start"), _pose(bug, "reach")
    assert at(0) == start
    # left arm, right leg first: the far pair
    assert _angles(at(2.5 * rep / tempo)) == pytest.approx(_angles(swapped(reach)))
    assert _angles(at(6.8 * rep / tempo)) == pytest.approx(_angles(reach))
    assert at(rep) == start
    assert at(rep + 3) == start
    between = (4.0 + 0.3 * 1.0) * rep / tempo  # 30 % of the way back from the first reach
    assert _angles(at(between)) == pytest.approx(
        _angles(interpolate(swapped(reach), start, ease(0.3)))
    )


def test_a_hold_has_no_rep_timeline(exercises: dict[str, Exercise]) -> None:
    assert rep_keys(exercises["low-lunge"]) == ()
    with pytest.raises(ValueError):
        pose_at((), 0.5)


def test_easing_starts_and_ends_gently() -> None:
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)
    assert ease(0.1) < 0.1 and ease(0.9) > 0.9


def test_an_arrow_follows_its_point_and_a_push_ends_where_the_point_starts() -> None:
    s0 = landmark(skeleton(STAND), "near-hand")
    path = arrow_path(STAND, BENT, "near-hand", 0)
    assert len(path) > 2
    assert abs(path[0] - s0) < abs(path[-1] - s0)
    pushed = arrow_path(STAND, BENT, "near-hand", 0, push=True)
    assert abs(pushed[-1] - s0) < abs(pushed[0] - s0)
    assert arrow_path(STAND, STAND, "near-hand", 0) == ()


def _distance_to_head(s: Skeleton, point: complex) -> float:
    return abs(point - s.head)


def test_the_dead_bugs_reaching_arm_is_clear_of_the_face(exercises: dict[str, Exercise]) -> None:
    s = skeleton(_pose(exercises["dead-bug"], "reach"))
    shoulder, tip = s.near_arm.joints[0], s.near_arm.joints[3]
    along = [shoulder + (tip - shoulder) * i / 20 for i in range(21)]
    assert min(_distance_to_head(s, p) for p in along) > HEAD_RY + ARM_RADII[0]
    assert tip.real < s.head.real  # and it does reach overhead


def test_the_deadlifts_weights_pass_below_the_knees_close_to_the_legs(
    exercises: dict[str, Exercise],
) -> None:
    lift = exercises["dumbbell-deadlift"]
    hinge, stand = skeleton(_pose(lift, "hinge")), skeleton(_pose(lift, "stand"))
    knee = hinge.near_leg.joints[1]
    assert grip(hinge.near_arm).imag < knee.imag - 15
    assert abs(grip(hinge.near_arm).real - knee.real) < 20
    assert grip(stand.near_arm).imag > stand.near_leg.joints[1].imag  # at the thighs


def test_the_lunges_front_knee_is_over_its_ankle_and_the_back_knee_stays_down(
    exercises: dict[str, Exercise],
) -> None:
    lunge = exercises["low-lunge"]
    kneel, stretch = skeleton(_pose(lunge, "kneel")), skeleton(_pose(lunge, "stretch"))
    knee, ankle = stretch.far_leg.joints[1:3]
    assert abs(knee.real - ankle.real) < 3
    assert stretch.far_leg.joints[2] == pytest.approx(kneel.far_leg.joints[2], abs=1)
    assert stretch.hip.real > kneel.hip.real + 20  # the hips ease forward
    assert abs(stretch.trunk - 90) < 5  # and the trunk stays tall


def test_the_dead_bug_starts_with_hips_and_knees_at_right_angles(
    exercises: dict[str, Exercise],
) -> None:
    s = skeleton(_pose(exercises["dead-bug"], "start"))
    hip, knee, ankle, _ = s.near_leg.joints
    thigh, shin = knee - hip, ankle - knee
    assert math.degrees(math.atan2(thigh.imag, thigh.real)) == pytest.approx(90)
    assert math.degrees(math.atan2(shin.imag, shin.real)) == pytest.approx(0)
    assert s.near_arm.joints[3].imag > s.near_arm.joints[0].imag + 100  # arms point up
