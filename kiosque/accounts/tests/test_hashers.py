"""Passwords: Argon2id at a cost a busy server can afford, old hashes still accepted."""

from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    get_hasher,
    make_password,
)

HASHERS = ["kiosque.accounts.hashers.KiosqueArgon2PasswordHasher"]


def test_a_new_password_is_hashed_with_19_mib_of_argon2id(settings):
    settings.PASSWORD_HASHERS = HASHERS
    encoded = make_password("un mot de passe solide")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("un mot de passe solide", encoded)


def test_a_hash_made_with_djangos_parameters_still_signs_in_and_is_upgraded(settings):
    settings.PASSWORD_HASHERS = HASHERS
    django_hasher = Argon2PasswordHasher()
    old = django_hasher.encode("un mot de passe solide", django_hasher.salt())
    upgraded = []

    assert check_password("un mot de passe solide", old, setter=upgraded.append)
    assert get_hasher("default").must_update(old)
    assert upgraded == ["un mot de passe solide"], "hashed again with the new parameters"
