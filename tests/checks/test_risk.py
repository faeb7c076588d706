"""The shipped risk model: loads, matches today's features, and ranks runs by their findings."""

from veracity.checks.risk_features import items_of_json, names, vector
from veracity.checks.verdict import risk, shipped_model
from veracity.model import Finding


def _f(kind, severity, field=None):
    return Finding(check="x", kind=kind, severity=severity, message="m", field=field)


def test_the_shipped_model_names_todays_features_and_says_where_it_was_fitted():
    m = shipped_model()
    assert m.names == names()
    assert "world a" in m.fitted_on and m.n >= 500


def test_findings_raise_the_risk_by_their_severity():
    clean = risk([])
    honest_unknown = risk([_f("declared_missing", "info", "revenue")])
    minor = risk([_f("retry_masked", "minor")])
    major = risk([_f("unsupported_value", "major", "revenue")])
    critical = risk([_f("contradicted_value", "critical", "revenue")])
    assert clean < 0.1
    assert honest_unknown == clean  # an honest unknown is no evidence of a wrong run
    # a recovered retry (minor) is usually a right run; what the fit learns of critical vs major is the
    # world's, so only "serious beats minor and clean" is pinned here
    assert max(clean, minor) < 0.2 < 0.5 < min(major, critical)
    assert risk([_f("unsupported_value", "major", "revenue"), _f("unsupported_value", "major", "staff")]) > major


def test_features_from_check_lines_equal_features_from_findings():
    found = [_f("wrong_entity_field", "critical", "staff"), _f("retry_masked", "minor")]
    lines = [{"kind": f.kind, "severity": f.severity, "field": f.field} for f in found]
    assert vector(items_of_json(lines)) == vector((f.kind, f.severity, f.field) for f in found)
