"""Free-text pairs compare claims, not mentions: the same attribute of the same thing (issue 15).

Hand-written sentence pairs in English, German, French and Spanish: a value contradicts another
only when both fill one slot (the words that govern them, compatible links, the thing they attach
to); otherwise the difference is weak evidence, reported at most as minor.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.checks.pairs.fields import compare_outputs
from veracity.checks.pairs.judge import severity
from veracity.checks.pairs.slots import COPULA, links_agree, shared_keys, slots, structure_lexicon
from veracity.checks.pairs.text import claims, contradictions, negation_flip


def strong(a: str, b: str) -> list[tuple[str, str]]:
    return [(c.a.raw, c.b.raw) for c in contradictions(a, b) if c.aligned and c.a and c.b]


def weak(a: str, b: str) -> list[tuple[str, str]]:
    return [(c.a.raw, c.b.raw) for c in contradictions(a, b) if not c.aligned and c.a and c.b]


def pair_severity(a: str, b: str) -> str | None:
    diffs = [d for d in compare_outputs({"text": a}, {"text": b}) if not d.same]
    return severity(diffs[0]) if diffs else None


def test_one_attribute_given_two_values_is_a_contradiction():
    assert strong("He was born in Lviv, Ukraine.", "He was born in Moscow.") == [("Lviv", "Moscow")]
    assert strong("The bridge opened in 1932.", "The bridge opened in 1936.") == [("1932", "1936")]
    assert strong("The stadium holds 20,000 spectators.", "The stadium holds 25,000 spectators.")
    assert strong("Irwin Yablans produced the film.", "John Carpenter produced the film.")
    assert pair_severity("He was born in Lviv.", "He was born in Moscow.") == "major"


def test_years_of_two_different_events_are_weak_evidence():
    # regression: any two unmatched years were a contradiction, whatever they dated
    assert weak("She joined the firm in 2004.", "She left the firm in 2015.") == [("2004", "2015")]
    assert not strong("The bridge opened in 1932.", "The bridge was renovated in 1998.")
    assert pair_severity("The bridge opened in 1932.", "The bridge was renovated in 1998.") == "minor"


def test_different_relations_to_a_name_are_weak_evidence():
    # "studied under" a person and "studied at" a school are two attributes
    assert not strong("He studied under the painter Anna Weiss.", "He studied at the Royal Academy.")
    assert pair_severity("He studied under the painter Anna Weiss.", "He studied at the Royal Academy.") == "minor"


def test_a_copula_states_what_the_verb_states():
    a = "The director of Transit is a drama film directed by Christian Petzold."
    assert strong(a, "The director of Transit is Christopher Smith.") == [("Christian Petzold", "Christopher Smith")]


def test_the_thing_a_text_is_about_is_not_an_attribute():
    # regression: two answers about two different titles were a contradiction on the titles
    assert contradictions("The author of Blue Harbor is Ann Lee.", "The author of Grey Harbor is Ann Lee.") == []
    # a name inside the subject's longer name is still another thing ("Norland" is no "Norland Province")
    assert strong("The capital of Norland Province is Norland.", "The capital of Norland Province is Brekka.") == [
        ("Norland", "Brekka")
    ]


def test_a_value_listed_beside_the_other_texts_value_is_an_omission():
    assert contradictions("The lyrics were written by Ann Lee and Tom Hart.", "The lyrics were written by Tom Hart.") == []


def test_examples_of_a_non_exhaustive_enumeration_contradict_nothing():
    a = "She has acted in several films, such as Red Road and Blue Sky."
    b = "She has acted in several films, such as Red Road and Night Train."
    assert contradictions(a, b) == []
    # a copula ends the cue's reach: what the subject *is* is no example
    text = "Known for his work on various European productions, the producer was Ian Moss."
    moss = [s for c, s in zip(claims(text), slots(text, claims(text)), strict=True) if c.raw == "Ian Moss"]
    assert moss and not moss[0].examples and moss[0].link == COPULA


def test_the_link_of_a_value_in_a_part_of_something():
    # "in the northern part of Norway": Norway is where the town lies, by "in", not "of"
    assert strong("The town lies in the northern part of Norway.", "The town lies in Sweden.") == [("Norway", "Sweden")]


def test_asides_and_initials_do_not_cut_the_sentence():
    assert strong("The director of Nightfall (original title: Abend) was Ola Berg.", "The director of Nightfall was Per Lund.")
    assert strong("The screenwriter was J.J. Abrams.", "The screenwriter was Damon Lindelof.")


def test_a_numeral_that_ends_a_name_counts_nothing():
    assert [c.raw for c in claims("It reached the top 10 on the Billboard Hot 100 chart.")] == ["10", "Billboard Hot"]


def test_a_negation_inside_a_title_negates_nothing():
    # regression: "I'm Here" against "I'm Not Here" was a negation flip
    assert not negation_flip("The screenplay for I'm Here was written by Ann Lee.", "The screenplay for I'm Not Here was written by Ann Lee.")
    assert negation_flip("The film was released in cinemas.", "The film was not released in cinemas.")


def test_one_thing_said_to_be_two_kinds_is_weak_evidence():
    # as likely two things of one name as one thing described twice
    assert pair_severity("Warning is a song by the British band Green Day.", "Warning is a thrash metal album.") == "minor"


def test_german_french_and_spanish_sentences():
    assert strong("Der Film wurde von Max Weber produziert.", "Der Film wurde von Anna Schmidt produziert.")
    assert strong("Sie wurde in Köln geboren.", "Sie wurde in Bonn geboren.") == [("Köln", "Bonn")]
    assert strong("Er ist in München geboren und lebt in Berlin.", "Er ist in Hamburg geboren.") == [("München", "Hamburg")]
    assert strong("Le film a été réalisé par Jean Dupont.", "Le film a été réalisé par Marc Petit.")
    assert not strong("Il est né à Lyon en 1950.", "Il est mort à Paris en 1990.")
    assert strong("La película fue dirigida por Pedro Almodóvar.", "La película fue dirigida por Carlos Saura.")
    assert not strong("Nació en Sevilla en 1950.", "Murió en Madrid en 1990.")


def _words(text: str) -> list[str]:
    return text.split()


def test_the_grammar_of_a_short_sentence_comes_from_its_function_words():
    assert structure_lexicon(_words("the producer of saptapadi was tarachand barjatya")).code == "en"
    assert structure_lexicon(_words("der film wurde von max weber produziert")).code == "de"
    assert structure_lexicon(_words("le film a été réalisé par jean dupont")).code == "fr"


_ROLES = ["director", "producer", "author", "composer", "capital"]
_NAMES = ["Ann Lee", "Tom Hart", "Ola Berg", "Per Lund", "Jean Dupont", "Marc Petit", "Anna Weiss"]
_WORDS = st.sampled_from(["the", "of", "in", "by", "was", "is", "film", "born", "Paris", "1999", "and", ",", ".", "(", ")",
                          "several", "including", "Ann", "Lee", "der", "von", "wurde", "le", "par", "12", "people"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_a_text_never_contradicts_itself_and_every_claim_has_a_slot(text: str) -> None:
    assert contradictions(text, text) == []
    assert len(slots(text, claims(text))) == len(claims(text))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_ROLES), st.sampled_from(_NAMES), st.sampled_from(_NAMES), st.sampled_from(["Nightfall", "Blue Harbor"]))
def test_one_template_two_names_is_one_slot(role: str, x: str, y: str, title: str) -> None:
    a, b = f"The {role} of {title} was {x}.", f"The {role} of {title} was {y}."
    found = strong(a, b)
    assert found == ([] if x == y else [(x, y)])


@settings(max_examples=80, deadline=None)
@given(st.lists(_WORDS, max_size=12).map(" ".join), st.lists(_WORDS, max_size=12).map(" ".join))
def test_slot_comparisons_are_symmetric(a: str, b: str) -> None:
    sa, sb = slots(a, claims(a)), slots(b, claims(b))
    for x in sa:
        for y in sb:
            assert shared_keys(x, y) == shared_keys(y, x)
            assert links_agree(x, y) == links_agree(y, x)


def test_the_one_value_left_by_two_texts_of_one_record_fills_one_slot():
    # paraphrased profiles: "founded" and "established", "CEO" and "chief executive" share no stem,
    # but everything else the two texts state matches, and each leaves one value of the kind
    a = "Orvik Tools is based in Bergen. It was founded in 1990. It employs 120 people."
    assert strong(a, "Based in Bergen, Orvik Tools was established in 1994 and has 120 employees.") == [("1990", "1994")]
    a = "Orvik Tools is based in Bergen. It employs 120 people. Ada Lund leads the company as CEO."
    assert strong(a, "Based in Bergen, Orvik Tools has 120 employees. The chief executive is Per Holm.") == [("Ada Lund", "Per Holm")]
    # the one quantity each text leaves unmatched
    assert strong("The company employs 14 staff.", "The team numbers 46 people.") == [("14", "46")]
    # one value each, but nothing else in common: two events, weak evidence
    assert not strong("She joined the firm in 2004.", "She left the firm in 2015.")
