"""The quality gates themselves: a gate that cannot fail protects nothing."""

import pytest

from e2e.quality import assert_accessible, assert_valid_documents

pytestmark = pytest.mark.usefixtures("quality_tools")

VALID = (
    '<!DOCTYPE html><html lang="fr"><head><title>Bon</title></head><body><p>Bien.</p></body></html>'
)
INVALID = (
    '<!DOCTYPE html><html lang="fr"><head><title>Mauvais</title></head>'
    '<body><p><div>Mal imbriqué</div></p><img src="x.png"></body></html>'
)
UNLABELLED_FIELD = (
    '<!DOCTYPE html><html lang="fr"><head><title>Formulaire</title></head>'
    '<body><main><h1>Formulaire</h1><form><input type="text" name="q"></form></main></body></html>'
)


def test_the_gates_catch_invalid_html_and_an_unlabelled_field(page):
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_valid_documents({"bonne page": VALID, "mauvaise page": INVALID})
    report = str(failure.value)
    assert "[mauvaise page]" in report
    assert "“img” element must have an “alt” attribute" in report
    assert "[bonne page]" not in report

    page.set_content(UNLABELLED_FIELD)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, "formulaire sans étiquette")
    assert "label (critical)" in str(failure.value)
