"""Factories for test data. Personas live in conftest.py."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from coproduction.models import GovernanceGroup, Locality, Membership, PrimaryCareNetwork, Profile, User
from coproduction.roles import Role

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=role.value)[0])

    @factory.post_generation
    def totp(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if extracted:
            TOTP.activate(self, generate_totp_secret())


def with_totp(user: User) -> User:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Locality {n}")


class PrimaryCareNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryCareNetwork

    name = factory.Sequence(lambda n: f"Network {n} PCN")
    locality = factory.SubFactory(LocalityFactory)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    pronouns = "they/them"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = GovernanceGroup.Kind.WORKING


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(UserFactory)
    role_in_group = Membership.RoleInGroup.EBE_LEADER


def load_demo(apps: list[str] | None = None) -> None:
    """Run the demo command quietly: people and groups, and every app's demo data or only `apps`'
    (`["coproduction"]` is the people and groups alone)."""
    import io

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO(), **({"apps": apps} if apps else {}))


def png_bytes(width: int = 40, height: int = 30, *, mode: str = "RGB") -> bytes:
    """A real PNG picture (uploads are checked by Pillow, so fake magic bytes are refused)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()
