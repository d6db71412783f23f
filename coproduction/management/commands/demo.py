"""Create (or bring up to date) a realistic demo alliance. Safe to run again: nothing is duplicated."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from coproduction.models import GovernanceGroup, Locality, Membership, PrimaryCareNetwork, Profile, User
from coproduction.roles import Role
from coproduction.upsert import upsert

# Each app adds its demo data in a `demo` module with `load(*, stdout)`, run in this order after the people.
DEMO_PASSWORD = "demo-coproduce-2026"  # noqa: S105 - printed for people exploring the demo
DEMO_DOMAIN = "demo.example.org"
STARTED = dt.date(2025, 4, 1)

# Four localities and thirteen primary care networks (names invented for the demo).
LOCALITIES = {
    "Mendip": ["Frome Valley PCN", "Mendip Vale PCN", "Shepton and Wells PCN"],
    "Sedgemoor": ["Bridgwater Bay PCN", "Burnham and Highbridge PCN", "North Sedgemoor PCN"],
    "Somerset West and Taunton": ["Taunton Deane PCN", "West Somerset PCN", "Wellington and Blackdown PCN",
                                  "Tone Valley PCN"],
    "South Somerset": ["Yeovil PCN", "Chard, Ilminster and Crewkerne PCN", "Wincanton and Castle Cary PCN"],
}

GROUPS = [
    ("Alliance Board", GovernanceGroup.Kind.BOARD, "Makes the alliance's decisions about services and money.", 2),
    ("Operational Group", GovernanceGroup.Kind.OPERATIONAL,
     "The core group of Experts by Experience leaders and partners who shape the work week by week.", 10),
    ("Working group: crisis support", GovernanceGroup.Kind.WORKING,
     "Redesigning help in a crisis, including the 24/7 helpline.", 4),
    ("Working group: access and waiting", GovernanceGroup.Kind.WORKING,
     "Making it easier to get help early, without thresholds that turn people away.", 4),
]

# (name, email local part, roles, locality, pronouns)
STAFF = [
    ("Sam Carter", "sam.carter", [Role.MANAGER], None, "they/them"),
    ("Priya Shah", "priya.shah", [Role.FINANCE], None, "she/her"),
    ("Alex Morgan", "alex.morgan", [Role.ADMIN], None, ""),
    ("Helen Price", "helen.price", [Role.BOARD], None, "she/her"),
    ("Mark Davies", "mark.davies", [Role.BOARD], "Sedgemoor", "he/him"),
]
LEADERS = [
    ("Jo Bennett", "Mendip", "she/her"), ("Kwame Mensah", "Sedgemoor", "he/him"),
    ("Rosie Tanner", "South Somerset", "she/her"), ("Dev Patel", "Somerset West and Taunton", "he/him"),
    ("Morgan Lee", "Mendip", "they/them"), ("Aisha Rahman", "Sedgemoor", "she/her"),
    ("Tom Hughes", "South Somerset", "he/him"), ("Niamh O'Connor", "Somerset West and Taunton", "she/her"),
    ("Gary Fletcher", "Sedgemoor", "he/him"), ("Lena Kowalski", "Mendip", "she/her"),
]
# Known authenticator secrets so the demo's staff can sign in (never used outside the demo).
DEMO_TOTP_SECRETS = {
    "sam.carter": "DEMOSAMCARTERMANAGERSECRETKEYAAA",
    "priya.shah": "DEMOPRIYASHAHFINANCESECRETKEYAAA",
    "alex.morgan": "DEMOALEXMORGANADMINSECRETKEYAAAA",
}


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())  # the steps accepted now; the middle one is now
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Create a demo alliance: localities, networks, groups, staff, board members and ten leaders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apps", nargs="+", metavar="APP",
                            help="Add only these apps' demo data (default: every app that has some).")
        parser.add_argument("--code", metavar="EMAIL",
                            help="Print the current sign-in code of a demo staff account, and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            local = options["code"].split("@")[0]
            if local not in DEMO_TOTP_SECRETS or not options["code"].endswith(DEMO_DOMAIN):
                raise CommandError("Codes are only available for the demo's staff accounts.")
            self.stdout.write(current_code(DEMO_TOTP_SECRETS[local]))
            return
        with transaction.atomic():
            people = self._build()
            # Each feature app that has a `demo` module adds its part, in INSTALLED_APPS order.
            for config in apps.get_app_configs():
                wanted = options["apps"] is None or config.name in options["apps"]
                if wanted and config.name != "coproduction" and module_has_submodule(config.module, "demo"):
                    importlib.import_module(f"{config.name}.demo").load(stdout=self.stdout)
        self._report(people)

    def _build(self) -> list[tuple[User, str]]:
        roles = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        localities = {}
        for locality_name, networks in LOCALITIES.items():
            locality, _ = Locality.objects.get_or_create(name=locality_name)
            localities[locality_name] = locality
            for network in networks:
                upsert(PrimaryCareNetwork.objects, {"locality": locality}, name=network)
        groups = {}
        for name, kind, purpose, target in GROUPS:
            groups[name], _ = upsert(
                GovernanceGroup.objects, {"kind": kind, "purpose": purpose, "target_size": target}, name=name)

        people: list[tuple[User, str]] = []
        for full_name, local, person_roles, locality, pronouns in STAFF:
            user = self._person(full_name, local, locality and localities[locality], pronouns)
            user.groups.set([roles[role] for role in person_roles])
            if Role.ADMIN in person_roles:
                user.is_staff, user.is_superuser = True, False  # the Admin group's permissions, never superuser
                user.save(update_fields=["is_staff", "is_superuser"])
            if local in DEMO_TOTP_SECRETS and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists():
                TOTP.activate(user, DEMO_TOTP_SECRETS[local])
                RecoveryCodes.activate(user)
            people.append((user, ", ".join(role.value for role in person_roles)))

        leaders = []
        for full_name, locality, pronouns in LEADERS:
            local = full_name.lower().replace(" ", ".").replace("'", "")
            user = self._person(full_name, local, localities[locality], pronouns)
            user.groups.set([roles[Role.LEADER]])
            leaders.append(user)
            people.append((user, Role.LEADER.value))

        by_email = {user.email: user for user, _ in people}
        board, operational = groups["Alliance Board"], groups["Operational Group"]
        crisis, access = groups["Working group: crisis support"], groups["Working group: access and waiting"]
        self._member(board, by_email[_email("helen.price")], Membership.RoleInGroup.CHAIR)
        self._member(board, by_email[_email("mark.davies")], Membership.RoleInGroup.PARTNER)
        self._member(board, by_email[_email("sam.carter")], Membership.RoleInGroup.STAFF)
        for leader in leaders[:2]:
            self._member(board, leader, Membership.RoleInGroup.EBE_LEADER)
        self._member(operational, leaders[0], Membership.RoleInGroup.CO_CHAIR)
        for leader in leaders[1:8]:
            self._member(operational, leader, Membership.RoleInGroup.EBE_LEADER)
        self._member(operational, by_email[_email("sam.carter")], Membership.RoleInGroup.STAFF)
        for leader in (leaders[2], leaders[4], leaders[8]):
            self._member(crisis, leader, Membership.RoleInGroup.EBE_LEADER)
        for leader in (leaders[3], leaders[5]):
            self._member(access, leader, Membership.RoleInGroup.EBE_LEADER)
        # leaders[9] has just joined and is not in a group yet: the manager's home page shows it.
        return people

    def _person(self, full_name: str, local: str, locality: Locality | None, pronouns: str) -> User:
        user, created = User.objects.get_or_create(email=_email(local), defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        upsert(Profile.objects,
               {"locality": locality, "pronouns": pronouns, "preferred_name": full_name.split(" ")[0]}, user=user)
        return user

    def _member(self, group: GovernanceGroup, person: User, role: str) -> None:
        Membership.objects.get_or_create(group=group, person=person, role_in_group=role,
                                         defaults={"started_on": STARTED})

    def _report(self, people: list[tuple[User, str]]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo alliance ready. Sign in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"Every demo account's password is: {DEMO_PASSWORD}\n")
        for user, role in people:
            self.stdout.write(f"  {user.email:<40} {role}")
        self.stdout.write("\nStaff accounts need a code from an authenticator app. Add the secret to your app,")
        self.stdout.write("or print a current code with: DEBUG=true .venv/bin/python manage.py demo --code EMAIL")
        for local, secret in DEMO_TOTP_SECRETS.items():
            self.stdout.write(f"  {_email(local):<40} secret {secret}")
