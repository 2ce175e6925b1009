import factory

from kiosque.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    password = factory.django.Password("un mot de passe solide")
