import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from kiosque.accounts.models import TrustLevel, User


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A member who confirmed their e-mail address and has been around a little (basic trust
    level: `newcomer=True` for one who just signed up, `regular=True` for a long-standing one);
    `email_verified=False` for one who has not confirmed.

    Staff (`is_staff=True`) come with an authenticator app, as the site requires of them
    (`second_factor=False` for one who has not set it up yet; the secret is in
    `user.totp_secret`, to compute codes).
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    password = factory.django.Password("un mot de passe solide")
    trust_level = TrustLevel.BASIC

    class Params:
        newcomer = factory.Trait(trust_level=TrustLevel.NEW)
        regular = factory.Trait(trust_level=TrustLevel.REGULAR)

    @factory.post_generation
    def email_verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        # allauth signs a member in only when it knows their (confirmed) address.
        if create and obj.email:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def second_factor(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        wanted = extracted if extracted is not None else (obj.is_staff or obj.is_superuser)
        if create and wanted:
            secret = generate_totp_secret()
            obj.totp_secret = secret
            TOTP.activate(obj, secret)
