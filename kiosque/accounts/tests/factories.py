import factory
from allauth.account.models import EmailAddress

from kiosque.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A member who confirmed their e-mail address; `email_verified=False` for one who has not."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    password = factory.django.Password("un mot de passe solide")

    @factory.post_generation
    def email_verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        # allauth signs a member in only when it knows their (confirmed) address.
        if create and obj.email:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )
