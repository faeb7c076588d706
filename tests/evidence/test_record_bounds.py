"""Where one record of a source ends, and the input's entity read from keys that name no attribute."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.checks import Context, entity
from veracity.evidence import build_evidence
from veracity.evidence.entities import entity_map, records_of
from veracity.evidence.segments import segments
from veracity.model import Run, Source, Step


def _source(text: str, sid: str = "s") -> Source:
    return Source(source_id=sid, kind="tool_result", step_id="t" + sid, content=text)


def _run(inp: dict[str, str], output: dict[str, str], *texts: str) -> Run:
    sources = [_source(t, f"s{i}") for i, t in enumerate(texts)]
    steps = [Step(step_id=s.step_id or "", name="lookup", kind="tool", order=i + 1, result=s.content)
             for i, s in enumerate(sources)]
    return Run(run_id="r", input=inp, output=output, steps=steps, sources=sources)


_BLOCKS = "NAME: Brivane Optik SA\nNUMBER: 112 908 771\nCOUNTRY: BE\n\nNAME: Brivane Optik SA\nNUMBER: 530 441 208\nCOUNTRY: FR\n"


def test_key_value_blocks_with_one_name_are_two_records() -> None:
    """Regression: two registry blocks with the same name were one record (the second read as a repeat
    of the first, as a page's title and heading are), so the French entry was taken for the Belgian."""
    recs = records_of(_source(_BLOCKS), {"brivane optik"})
    assert [(r.name, r.country) for r in recs] == [("Brivane Optik SA", "BE"), ("Brivane Optik SA", "FR")]


def test_french_entry_of_a_french_input_is_the_same_entity() -> None:
    run = _run({"legal_name": "Brivane Optik SA", "jurisdiction": "FR"}, {"registration_number": "530 441 208"},
               _BLOCKS)
    ev = build_evidence(run)
    assert entity.check(run, ev, Context()) == []


def test_an_ordinal_inside_a_table_row_does_not_end_its_record() -> None:
    """Regression: "4. Obergeschoss" read as a sentence end cut the row's record short, and the row's
    director fell to the table's first row (another company)."""
    table = ("name;country;office;director\n"
             "Tarvel Textiles Inc.;US;12 Main Street, Austin 78701;Rosa Quint\n"
             "Tarvel Textil GmbH;AT;Ringstraße 7, 4. Obergeschoss, 8010 Graz;Jonas Feld\n")
    run = _run({"legal_name": "Tarvel Textil GmbH", "jurisdiction": "AT"}, {"managing_director": "Jonas Feld"}, table)
    ev = build_evidence(run)
    source = ev.grounding.sources["s0"]
    pos = table.index("Jonas Feld")
    assert ev.entities.about(source, pos) == "same"
    assert entity.check(run, ev, Context()) == []


def test_input_values_under_unnamed_keys_are_read_by_what_they_are() -> None:
    """Regression: `{"account": ..., "market": ...}` gave no input entity at all, so a profile built
    from a look-alike's site and vendor record was never compared with anything."""
    own = '{"name": "Quorvel Logistique SRL", "website": "quorvel-logistique.be", "country": "BE"}'
    other = '{"name": "Quorvel Logistik GmbH", "website": "quorvel-logistik.at", "staffCount": 4120}'
    run = _run({"account": "Quorvel Logistique", "market": "BE"},
               {"company": "Quorvel Logistique SRL", "staff": "4120"}, own, other)
    emap = entity_map(run)
    assert emap.profile.keys == {"quorvel logistique"} and emap.profile.country == "BE"
    found = entity.check(run, build_evidence(run), Context())
    assert {f.field for f in found if f.kind == "wrong_entity_field"} >= {"staff"}


def test_unnamed_keys_that_no_source_names_give_no_entity() -> None:
    run = _run({"account": "Premium tier", "market": "BE"}, {"staff": "12"}, '{"staffCount": 12}')
    profile = entity_map(run).profile
    assert profile.keys == set() and profile.country == "BE"


def test_xml_records_and_web_pages() -> None:
    xml = "<r><results><item><name>A</name></item><item><name>B</name></item></results></r>"
    assert [xml[i:i + 6] for i in segments(xml)] == ["<item>", "<item>"]
    page = "<!doctype html><html><body><div><p>a</p></div><div><p>b</p></div></body></html>"
    assert segments(page) == []  # a page's repeated blocks are layout


_KEY = st.sampled_from(["NAME", "Number", "country", "Director", "registered office"])
_VALUE = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)
_BLOCK = st.lists(st.tuples(_KEY, _VALUE), min_size=2, max_size=5).map(
    lambda rows: "\n".join(f"{k}: {v}" for k, v in rows))


@given(st.lists(_BLOCK, min_size=2, max_size=6), st.sampled_from(["\n\n", "\n\n\n", "\n  \n"]))
def test_each_block_of_key_value_lines_is_one_segment(blocks: list[str], gap: str) -> None:
    text = gap.join(blocks) + "\n"
    starts = segments(text)
    assert len(starts) == len(blocks)
    assert all(text[s:].startswith(b) for s, b in zip(starts, blocks, strict=True))


def _document(text: str, uri: str, sid: str) -> Source:
    return Source(source_id=sid, kind="document", step_id="retrieve", content=text, uri=uri)


def test_a_document_is_about_the_site_its_address_names() -> None:
    """Regression: a retrieved page's own URI was never read, so the input's domain stayed unknown and a
    look-alike's page ("Namur-based", another host) could not be told from the input's."""
    docs = [_document("Lorvane Energy | Energy. Boston-based energy company.", "https://www.lorvane-energy.com/", "d0"),
            _document("Lorvane Énergie | Énergie. Fondée en 1987. 860 collaborateurs.", "https://lorvane-energie.be/",
                      "d1")]
    run = Run(run_id="r", input={"organisation": "Lorvane Energy", "country": "US"},
              output={"firm": "Lorvane Energy", "headcount_total": 860},
              steps=[Step(step_id="retrieve", name="search", kind="retriever", order=1)], sources=docs)
    emap = entity_map(run)
    assert emap.profile.domains == {"lorvane-energy.com"}
    text = docs[1].content
    assert emap.about(docs[1], text.index("860")) == "different"
    found = entity.check(run, build_evidence(run), Context())
    assert "headcount_total" in {f.field for f in found if f.kind == "wrong_entity_field"}


def test_a_rival_named_by_its_own_host_is_a_reference_not_a_fact() -> None:
    """Regression: "Its competitors include Velkamofood" quoted from velkamofood1.com (a page with no record
    but its address) was taken for a fact from another entity."""
    docs = [_document("About Velkamofood\nVelkamofood bakes bread.", "https://velkamofood1.com", "d0"),
            _document("Velkamo Foods Group makes snacks. 230 people.", "https://velkamofoodsgroup.com", "d1")]
    run = Run(run_id="r", input={"company": "Velkamo Foods Group", "domain": "velkamofoodsgroup.com"},
              output={"summary": "Velkamo Foods Group makes snacks. Its competitors include Velkamofood."},
              steps=[Step(step_id="retrieve", name="search", kind="retriever", order=1)], sources=docs)
    found = entity.check(run, build_evidence(run), Context())
    assert [f for f in found if f.kind in ("wrong_entity_field", "blended_entity")] == []


def test_a_csv_registry_row_carries_its_country_column() -> None:
    """Regression: the country column of a `;` CSV registry answer was not read, so the row of the
    same name abroad ("… Ltd", GB, for a US input) counted as the input's entity."""
    table = ("name;number;country;director\n"
             "Corvane Optics Inc.;CO-2210;US;Ada Brisk\n"
             "Corvane Optics Ltd;10763889;GB;Milo Trant\n")
    recs = records_of(_source(table), {"corvane optics"})
    assert [(r.name, r.country) for r in recs] == [("Corvane Optics Inc.", "US"), ("Corvane Optics Ltd", "GB")]
    run = _run({"organisation": "Corvane Optics", "country": "US"}, {"ceo": "Milo Trant"}, table)
    found = entity.check(run, build_evidence(run), Context())
    assert "ceo" in {f.field for f in found if f.kind == "wrong_entity_field"}


def _hits(*pairs: tuple[str, str]) -> str:
    return "[" + ", ".join(f'{{"link": "https://www.{d}/", "title": "{n} | Textiles"}}' for n, d in pairs) + "]"


def test_the_site_in_the_input_country_is_the_input_domain() -> None:
    """Regression: two sites for the input's exact name (a .com placed nowhere and a .co.uk) both became
    the input's domain, so a profile built from the .com's American namesake looked right."""
    run = _run({"organisation": "Hallow Textiles", "country": "GB"}, {"firm": "Hallow Textiles"},
               _hits(("Hallow Textiles", "hallowtextiles.com"), ("Hallow Textiles", "hallowtextiles.co.uk")))
    assert entity_map(run).profile.domains == {"hallowtextiles.co.uk"}


def test_the_name_as_the_input_writes_it_outweighs_the_country() -> None:
    """"Keystone Capital & Co" and "Keystone Capital SAS" share a name key: the site of the name the input
    writes is the input's, even when the other one's host is in the input's country."""
    run = _run({"company": "Brenmoor Capital & Co", "country": "FR"}, {"company": "Brenmoor Capital & Co"},
               _hits(("Brenmoor Capital & Co", "brenmoorcapitalco.io"), ("Brenmoor Capital SAS", "brenmoorcapital.fr")))
    assert entity_map(run).profile.domains == {"brenmoorcapitalco.io"}


def test_a_legal_form_does_not_place_a_namesake_site_at_home() -> None:
    """Regression: "Selvane Solar & Co GmbH" (a GmbH: Germany by its form only) outranked the input's own
    "Selvane Solar" site for a German input; a form is shared by several countries, a host's code is not."""
    run = _run({"company": "Selvane Solar GmbH & Co. KG", "country": "DE"}, {"company": "Selvane Solar GmbH & Co. KG"},
               _hits(("Selvane Solar & Co GmbH", "selvanesolarco.com"), ("Selvane Solar", "selvanesolar.com")))
    assert entity_map(run).profile.domains == {"selvanesolarco.com", "selvanesolar.com"}


def test_a_web_address_is_stated_by_a_document_uri() -> None:
    """Regression: a homepage the retriever returned as a document's URI (and no page text repeats)
    was 'stated by none of the sources'."""
    docs = [_document("Tallow Robotics | Robotics. Bristol-based robotics company, GB.",
                      "https://www.tallowrobotics.co.uk/", "d0")]
    run = Run(run_id="r", input={"organisation": "Tallow Robotics", "country": "GB"},
              output={"firm": "Tallow Robotics", "url": "https://tallowrobotics.co.uk/"},
              steps=[Step(step_id="retrieve", name="search", kind="retriever", order=1)], sources=docs)
    status = {v.path: v.status for v in build_evidence(run).grounding.values}
    assert status["url"] == "supported"


def test_a_page_stating_another_address_outweighs_a_document_uri() -> None:
    docs = [_document("Tallow Robotics. Website: tallow-robotics.com", "https://www.tallowrobotics.co.uk/", "d0")]
    run = Run(run_id="r", input={"company": "Tallow Robotics", "domain": "tallow-robotics.com"},
              output={"website": "https://tallowrobotics.co.uk/"},
              steps=[Step(step_id="retrieve", name="search", kind="retriever", order=1)], sources=docs)
    status = {v.path: v.status for v in build_evidence(run).grounding.values}
    assert status["website"] == "contradicted"
