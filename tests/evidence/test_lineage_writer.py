"""Where a value was first written, and which step decided a call: the lineage questions behind `origin_step`."""

from __future__ import annotations

from veracity.evidence.lineage import _arg_tokens, chooser_of, departure, first_writer
from veracity.model import Run, Step
from veracity.values import ValueType, normalize


def _run(*steps: Step, input: dict[str, str] | None = None) -> Run:
    root = Step(step_id="root", name="agent", kind="agent", order=0)
    return Run(run_id="r", root_step_id="root", input=input or {"company": "Acme"}, steps=[root, *steps])


def test_a_wrapper_gives_way_to_the_model_call_inside_it() -> None:
    # regression: a task span around the model call started first and was named as the writer
    run = _run(Step(step_id="task", name="compose.task", kind="chain", parent_id="root", order=1,
                    result='{"staff": 1200}'),
               Step(step_id="call", name="model.chat", kind="llm", parent_id="task", order=2, result='{"staff": 1200}'))
    writer = first_writer(run, normalize(1200, ValueType.COUNT), 1200)
    assert writer is not None and writer.step_id == "call"


def test_a_step_handed_the_value_in_its_prompt_did_not_write_it() -> None:
    # regression: a description written "from these facts" came first, the profile step that made up the year later
    run = _run(Step(step_id="describe", name="describe", kind="llm", order=1, args="From these facts: founded 2020",
                    result="Founded in 2020."),
               Step(step_id="draft", name="draft", kind="llm", order=2, args="Build the profile.",
                    result='{"founded": 2020}'))
    writer = first_writer(run, normalize(2020, ValueType.YEAR), 2020)
    assert writer is not None and writer.step_id == "draft"


def test_when_every_step_was_handed_the_value_the_earliest_is_named() -> None:
    run = _run(Step(step_id="a", name="a", kind="llm", order=1, args="x 2020", result="2020"),
               Step(step_id="b", name="b", kind="llm", order=2, args="y 2020", result="2020"))
    writer = first_writer(run, normalize(2020, ValueType.YEAR), 2020)
    assert writer is not None and writer.step_id == "a"


def test_an_argument_the_input_holds_was_decided_by_no_step() -> None:
    plan = Step(step_id="plan", name="plan", kind="llm", order=1, result="I will search for Acme Robotics.")
    search = Step(step_id="search", name="search", kind="tool", order=2, args={"q": "Acme Robotics"})
    assert chooser_of(_run(plan, search, input={"company": "Acme Robotics"}), search) is None
    assert chooser_of(_run(plan, search, input={"company": "Acme"}), search) is plan


def test_a_pick_of_a_homepage_decides_the_fetch_of_a_page_on_that_site() -> None:
    pick = Step(step_id="pick", name="pick", kind="llm", order=1, result='{"homepage": "https://www.acme.example/"}')
    fetch = Step(step_id="fetch", name="fetch", kind="tool", order=2,
                 args={"kwargs": {"url": "https://www.acme.example/contact"}})
    assert chooser_of(_run(pick, fetch), fetch) is pick
    assert "acme.example" in _arg_tokens(fetch.args)


def test_the_run_left_its_entity_at_the_pick_not_at_the_search_that_offered_the_other() -> None:
    search = Step(step_id="search", name="search", kind="tool", order=1, args={"q": "Acme"})
    pick = Step(step_id="pick", name="pick", kind="llm", order=2, result='{"url": "https://acmegroup.example"}')
    fetch = Step(step_id="fetch", name="fetch", kind="tool", order=3, args={"url": "https://acmegroup.example"})
    run = _run(search, pick, fetch)
    assert departure(run, ["search", "fetch"], set()) == "pick"
    assert departure(run, ["search"], set()) == "search"  # nothing chose it: the source that carried the value
    lookup = Step(step_id="lookup", name="lookup", kind="tool", order=1, args={"name": "Acme"})
    site = Step(step_id="site", name="site", kind="tool", order=2, args={"url": "https://acmegroup.example"})
    assert departure(_run(lookup, site), ["site"], {"lookup"}) == "lookup"  # asked about Acme, answered about another
