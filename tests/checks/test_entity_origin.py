"""One origin for a run that left its input's entity: the step that took the other entity up."""

from __future__ import annotations

import json

from tests.checks.calls import call
from veracity.checks import entity
from veracity.model import Run, Source, Step

_OTHER = {"name": "Silberby Foods Inc.", "website": "silberbyfoods.example", "employees": 70, "phone": "+1 512 595 5616"}


def _run() -> Run:
    """A search lists the target and a namesake; a pick takes the namesake's site; a lookup fetches its record."""
    root = Step(step_id="root", name="agent", kind="agent", order=0)
    search = Step(step_id="search", name="docs.search", kind="retriever", order=1, args="Silberby Alimentaire")
    pick = Step(step_id="pick", name="rank_sources", kind="llm", order=2,
                result='{"homepage": "https://www.silberbyfoods.example/"}')
    lookup = Step(step_id="lookup", name="company_db", kind="tool", order=3, args={"domain": "silberbyfoods.example"},
                  result=json.dumps(_OTHER))
    output = {"firm": "Silberby Foods Inc.", "employees": 70, "phone": "+1 512 595 5616"}
    write = Step(step_id="write", name="assemble", kind="llm", order=4, result=json.dumps(output))
    sources = [
        Source(source_id="search:doc:0", kind="document", step_id="search", uri="https://silberby-alimentaire.example/",
               content="Silberby Alimentaire SAS (silberby-alimentaire.example) is a food company in Lyon."),
        Source(source_id="search:doc:1", kind="document", step_id="search", uri="https://www.silberbyfoods.example/",
               content="Silberby Foods Inc. (silberbyfoods.example) is a food company in Austin with 70 employees."),
        Source(source_id="lookup:result", kind="tool_result", step_id="lookup", content=json.dumps(_OTHER)),
        Source(source_id="input", kind="input", content=json.dumps({"organisation": "Silberby Alimentaire"})),
    ]
    return Run(run_id="r", root_step_id="root", input={"organisation": "Silberby Alimentaire"}, output=output,
               steps=[root, search, pick, lookup, write], sources=sources)


def test_every_entity_finding_names_the_pick_not_the_search_that_listed_both() -> None:
    # regression: a retriever returned several documents, one about the namesake; that one document was taken
    # for a lookup that had answered about the namesake alone, and the search named as the origin
    found = [f for f in call(entity.check, _run()) if f.kind in ("wrong_entity_field", "blended_entity")]
    assert found, "the namesake's values are flagged"
    assert {f.origin_step for f in found} == {"pick"}


def test_a_namesakes_host_is_not_the_originals() -> None:
    # regression: a registry that answered about the input's firm ("FENNICA ENERGY INC") was taken for one about its
    # look-alike (feonnica.com), because the look-alike's host resembles the original's name by its initials
    from veracity.checks.entity import _same_entity
    from veracity.evidence import Record

    lookalike = Record(start=0, name="Feonnica Energy LLC", domain="feonnica.com")
    assert not _same_entity(Record(start=0, name="FENNICA ENERGY INC"), lookalike)
    assert _same_entity(Record(start=0, name="Feonnica Energy"), Record(start=0, domain="feonnica.com"))
    assert _same_entity(Record(start=0, name="Silberby Foods Inc."), Record(start=0, domain="silberbyfoods.example"))
