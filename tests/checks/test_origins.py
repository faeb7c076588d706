"""Findings that share a cause point at one origin: the garbage tool result that left a value unstated."""

from veracity.checks.origins import align
from veracity.model import Finding


def _f(kind, severity, origin, field=None, **evidence):
    return Finding(check="x", kind=kind, severity=severity, message="m", field=field, origin_step=origin,
                   evidence=evidence)


def test_a_value_invented_after_a_garbage_answer_began_at_the_garbage():
    # regression: the origin was the model step that wrote the invented phone, not the 200 captcha page
    found = [_f("unsupported_value", "critical", "writer", "phone", sources=[]),
             _f("contradicted_value", "major", "writer", "founded", sources=["s1"]),
             _f("silent_step_failure", "major", "junk", affects_output=True)]
    assert [f.origin_step for f in align(found)] == ["junk", "junk", "junk"]


def test_a_masked_retry_points_at_the_accepted_garbage_attempt_not_the_first_failure():
    found = [_f("unsupported_value", "major", "writer", "phone", sources=[]),
             _f("retry_masked", "major", "first-429", accepted="accepted-captcha")]
    assert align(found)[0].origin_step == "accepted-captcha"


def test_nothing_moves_without_serious_garbage_or_when_the_garbage_named_other_fields():
    recovered = [_f("unsupported_value", "major", "writer", "phone", sources=[]),
                 _f("retry_masked", "minor", "first-429", accepted="ok-attempt")]
    assert align(recovered) == recovered
    harmless = [_f("unsupported_value", "major", "writer", "phone", sources=[]),
                _f("silent_step_failure", "major", "junk", affects_output=False)]
    assert align(harmless) == harmless
    other = [_f("unsupported_value", "major", "writer", "phone", sources=[]),
             _f("silent_step_failure", "major", "junk", affects_output=True, fields=["revenue"])]
    assert align(other)[0].origin_step == "writer"
    stated = [_f("unsupported_value", "major", "writer", "phone", sources=["s1"]),
              _f("silent_step_failure", "major", "junk", affects_output=True)]
    assert align(stated)[0].origin_step == "writer"
