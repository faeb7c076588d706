"""Publisher hosts, descriptors and countries are not entity names; records split per JSON element."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence.entities import records_of, segments
from veracity.evidence.entity_names import not_a_name, strip_descriptor
from veracity.evidence.hosts import is_publisher, registrable, resembles
from veracity.model import Source


def _source(text: str) -> Source:
    return Source(source_id="s", kind="tool_result", step_id="t", content=text)


def test_registrable_domain_offline() -> None:
    assert registrable("www.glimau-software.co.uk") == "glimau-software.co.uk"
    assert registrable("shop.acme.com") == "acme.com"


def test_publisher_hosts() -> None:
    assert is_publisher("bizdirectory.io")
    assert is_publisher("newsroom-europa.eu")
    assert is_publisher("www.reuters.com")
    assert not is_publisher("glimau-software.co.uk")


def test_host_resembles_its_company() -> None:
    assert resembles("glimau-software.co.uk", "glimau software")
    assert resembles("ibm.com", "international business machines")
    assert not resembles("annuaire-pro.fr", "glimau software")


@given(st.sampled_from(["United Kingdom", "GB", "Germany", "France", "BE"]))
def test_countries_are_not_names(country: str) -> None:
    assert not_a_name(country)


def test_descriptor_is_not_part_of_a_name() -> None:
    assert strip_descriptor("Leeds-based Iselfeld Foods plc") == "Iselfeld Foods plc"
    assert not_a_name("Boston-based")
    assert not not_a_name("Iselfeld Foods plc")


def test_search_results_split_per_element_and_directory_host_dropped() -> None:
    text = (
        '[{"link": "https://annuaire-pro.fr/company/glimau-software", "title": "Glimau Software Ltd – profile", '
        '"snippet": "Glimau Software Ltd, Leeds."}, {"link": "https://www.glimau-software.co.uk/", '
        '"title": "Glimau Software | Software", "snippet": "Leeds-based software company, GB."}]'
    )
    assert len(segments(text)) == 2
    recs = records_of(_source(text), {"glimau software"})
    by_domain = {r.domain: r.name for r in recs}
    assert "annuaire-pro.fr" not in by_domain
    assert by_domain.get("glimau-software.co.uk") == "Glimau Software"
    assert all(r.name != "GB" for r in recs)


def test_xml_registry_rows_are_records() -> None:
    text = ("<register><entity><name>Ostrastein Textil AG</name><country>DE</country></entity>"
            "<entity><name>Ostrastein Textile SRL</name><country>BE</country></entity></register>")
    recs = records_of(_source(text), {"ostrastein textile"})
    assert [(r.name, r.country) for r in recs] == [("Ostrastein Textil AG", "DE"), ("Ostrastein Textile SRL", "BE")]


def test_country_code_host_outweighs_legal_form() -> None:
    recs = records_of(_source('{"name": "Ambrael Robotique SRL", "website": "ambraelrobotique.be"}'), set())
    assert recs[0].countries == frozenset({"BE"})
