"""Free-text contradictions between two answers to one question: roles, negations, definitions."""

from veracity.checks.pairs.text import contradictions, definition_conflict, name_head, negated_phrase


def aligned(a: str, b: str) -> list[tuple[str, str]]:
    """The value pairs the two texts state for one attribute (strong evidence)."""
    return [(c.a.raw, c.b.raw) for c in contradictions(a, b) if c.aligned and c.a and c.b]


def test_the_same_role_given_to_different_names():
    assert aligned("The gold medal was won by Tadahiro Nomura.", "The gold medal was won by Ludwig Paischer from Austria.")
    assert not aligned("The gold medal was won by Tadahiro Nomura of Japan.", "The gold medal was won by Tadahiro Nomura.")
    assert aligned("The producer of Bug was Kimberly C. Anderson.", "The producer of Bug was Kimberly Steward.")


def test_a_list_of_names_is_not_a_role():
    a = 'He appeared in shows including Cheers, Frasier and Wings.'
    b = 'He appeared in shows including Cheers and Taxi.'
    assert not contradictions(a, b)


def test_a_phrase_one_text_denies_and_the_other_asserts():
    a = "It is considered a landmark and is a popular destination for tourists visiting the city."
    b = "Pattimura Stadium is not a popular destination for tourists visiting Ambon."
    assert negated_phrase(a, b)
    assert not negated_phrase(a, "It is a popular destination for tourists from abroad.")


def test_one_thing_said_to_be_two_kinds_of_thing():
    assert definition_conflict("Warning is a song by the British band Green Day.", "Warning is a thrash metal album.")
    assert not definition_conflict("Warning is a song by Green Day.", "Warning is a 2000 song written by Green Day.")
    assert not definition_conflict("Warning is a song.", "Coral is an album.")


def test_a_name_keeps_its_initials():
    assert name_head("Kimberly C. Anderson. The film") == "Kimberly C. Anderson"


def test_definition_subject_resolved_by_grammar_not_by_noun() -> None:
    from veracity.checks.pairs.text import definition_conflict

    # any definite common-noun phrase refers back to the thing asked about, whatever the noun
    assert definition_conflict("The painting is a fresco by Giotto.", "It is a mosaic by Giotto.")
    assert definition_conflict("This company is a bank.", "It is an insurer.")
    # a capitalised definite phrase is a name: two names are two subjects
    assert not definition_conflict("The Beatles is a band.", "The Who is an album.")


def test_examples_of_a_non_exhaustive_list_do_not_contradict():
    # regression: "including A, B and C" against "including A, B and D" was a contradiction
    from veracity.checks.pairs.text import contradictions

    a = "The constellation contains several notable stars, including Mirfak, Atik, and Gorgonea Tertia."
    b = "The constellation contains several notable stars, including Mirfak, Atik, and Menkib."
    assert contradictions(a, b) == []
    assert contradictions("The prize was won by Emma Rossi.", "The prize was won by Paul Meyer.")


def test_a_less_precise_or_a_listed_definition_is_no_other_kind_of_thing():
    # regression: "a comedy-drama series" vs "a comedy", and "a scientist, broadcaster and …" were conflicts
    from veracity.checks.pairs.text import definition_conflict

    assert not definition_conflict("Up All Night is a comedy-drama series that aired on NBC.", "Up All Night is a comedy.")
    assert not definition_conflict("Fernand Seguin was a Canadian scientist, broadcaster, and environmentalist.",
                                   "Fernand Seguin was a Canadian biochemist and radio host.")
    assert definition_conflict("Thriller is a song by Michael Jackson.", "Thriller is an album by Michael Jackson.")
