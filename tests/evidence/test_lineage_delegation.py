"""Where outside information entered a multi-agent run with no tool spans: a report of an agent handed work by name
(the last one a run concluded from, the first one of a run that asked for the same thing twice)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence.lineage import first_unrecorded_input
from veracity.model import Run, Step


def _run(*messages: tuple[str, str]) -> Run:
    root = Step(step_id="root", name="team", kind="agent", order=0)
    steps = [Step(step_id=f"s{i}", name=name, kind="agent", order=i + 1, result=text)
             for i, (name, text) in enumerate(messages)]
    return Run(run_id="r", root_step_id="root", input={"question": "How tall is the tower?"}, steps=[root, *steps])


def test_the_first_agent_an_earlier_message_named_is_where_the_work_went_out() -> None:
    # no name parsing: the planner's own differently named steps are not delegates, the agent it names is
    run = _run(("user", "How tall is the tower?"), ("lead", "Plan: ask researcher to look it up."),
               ("lead / routing", "Handing over."), ("researcher", "The page says 330 m."), ("lead", "Done."))
    found = first_unrecorded_input(run)
    assert found is not None and found.name == "researcher"


def test_a_name_inside_a_longer_word_is_not_a_hand_over() -> None:
    run = _run(("planner", "The searcher's results"), ("critic", "Looks thin."), ("search", "I found 330 m."))
    found = first_unrecorded_input(run)
    assert found is not None and found.name == "critic"  # no hand-over by name: the first step after the first speaker


def test_one_speaker_alone_has_no_entry_point() -> None:
    assert first_unrecorded_input(_run(("planner", "Thinking."), ("planner", "Still thinking."))) is None


def test_a_run_that_concluded_rests_on_the_last_report_it_received() -> None:
    run = _run(("lead", "Plan: ask researcher."), ("lead -> researcher", "Find the tower's height."),
               ("researcher", "A page says 300 m."), ("lead -> researcher", "Check the official site too."),
               ("researcher", "The official site says 330 m."), ("lead", "Answer: 330 m."))
    found = first_unrecorded_input(run)
    assert found is not None and found.result == "The official site says 330 m."


def test_a_run_that_asked_for_the_same_thing_again_went_astray_at_its_first_report() -> None:
    # German messages: the comparison is of words, not of one language's phrasing
    run = _run(("leiter", "Plan: forscher fragen."), ("leiter -> forscher", "Finde die Höhe des Turms."),
               ("forscher", "Ich habe eine Suchseite geöffnet."), ("leiter -> forscher", "finde die Höhe des Turms!"),
               ("forscher", "Die Seite lädt nicht."), ("leiter", "Antwort: 300 m."))
    found = first_unrecorded_input(run)
    assert found is not None and found.result == "Ich habe eine Suchseite geöffnet."


def test_a_narrower_repeat_of_a_request_is_a_repeat_and_a_new_request_is_not() -> None:
    first = ("lead -> researcher", "Find the tower's height in metres on the city website.")
    narrower = ("lead -> researcher", "Find the tower's height.")
    other = ("lead -> researcher", "Find when the tower opened.")
    reports = [("researcher", "Report one."), ("researcher", "Report two.")]
    looping = first_unrecorded_input(_run(("lead", "ask researcher"), first, reports[0], narrower, reports[1]))
    moving_on = first_unrecorded_input(_run(("lead", "ask researcher"), first, reports[0], other, reports[1]))
    assert looping is not None and looping.result == "Report one."
    assert moving_on is not None and moving_on.result == "Report two."


@given(st.permutations(["find", "the", "tower", "height", "now"]), st.sampled_from([str.upper, str.lower, str.title]))
def test_a_request_reordered_or_recased_is_the_same_request(words: list[str], case: Callable[[str], str]) -> None:
    again = case(" ".join(words)) + "."
    run = _run(("lead", "ask researcher"), ("lead -> researcher", "Find the tower height now."),
               ("researcher", "Report one."), ("lead -> researcher", again), ("researcher", "Report two."))
    found = first_unrecorded_input(run)
    assert found is not None and found.result == "Report one."
