"""Where outside information entered a multi-agent run with no tool spans: the first agent handed work by name."""

from __future__ import annotations

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
