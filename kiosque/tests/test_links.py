"""`link()` builds the same addresses as Django's `reverse()`, in each language."""

import pytest
from django.urls import reverse
from django.utils import translation

from kiosque.links import link

CASES = [
    ("community:post-permalink", {"pk": 42}),
    ("community:topic-detail", {"pk": 7, "slug": "quel-ssd-choisir"}),
    ("newsroom:article-detail", {"pk": 1, "slug": "aurore-ia"}),
    ("accounts:profile", {"username": "Kerouan"}),
    ("newsroom:home", {}),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_link_is_reverse_in_every_language(language, name, kwargs):
    with translation.override(language):
        assert link(name, **kwargs) == reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("username", ["jean.dupont", "a+b@example", "élodie"])
def test_values_reverse_must_check_or_quote_still_go_through_reverse(username):
    assert link("accounts:profile", username=username) == reverse(
        "accounts:profile", kwargs={"username": username}
    )
