"""How members' passwords are hashed."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class KiosqueArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum (19 MiB, two passes, one lane).

    Django's defaults take 100 MiB a sign-in: eight attempts at once cost a server process
    close to a gigabyte. Hashes made with the old parameters are upgraded at the member's next
    sign-in (Django compares the parameters and hashes again).
    """

    algorithm = "argon2"  # the same hashes: Django's own hasher still reads them
    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
