"""Who may open each URL of the project: one entry per URL name (the core ones here, each app's in
rules_<app>.py beside this file).

A URL pattern without an entry here fails `test_every_url_has_an_access_rule`. Each rule says, for every
persona, what they get: "ok" (a page or a redirect that is not the sign-in page), 403, 404, or "login".
Object URLs build their object with `make(personas)` and return the URL kwargs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ["leader", "other_leader", "manager", "finance", "board_member", "admin_user", "outsider", "anonymous"]
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@dataclass
class Rule:
    allowed: list[str]  # personas who get the page
    refused_with: int = 403  # what the others (signed in) get
    make: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # builds the object, returns URL kwargs
    public: bool = False  # anonymous people get the page too
    methods: tuple[str, ...] = ("GET", "POST")
    # personas refused with a different code than refused_with (e.g. 404 for another's object, 403 by role)
    overrides: dict[str, int] = field(default_factory=dict)

    def expected(self, persona: str) -> str | int:
        if persona == "anonymous":
            return "ok" if self.public else "login"
        if persona in self.allowed:
            return "ok"
        return self.overrides.get(persona, self.refused_with)


def _own_record(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": personas["leader"].pk}


def _group_of_leader(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.factories import GroupFactory, MembershipFactory

    group = GroupFactory(name="Working group: crisis support")
    MembershipFactory(group=group, person=personas["leader"])
    return {"pk": group.pk}


STAFF_VIEWERS = ["manager", "admin_user"]

CORE_RULES: dict[str, Rule] = {
    "home": Rule(allowed=SIGNED_IN, public=True),
    "healthz": Rule(allowed=SIGNED_IN, public=True, methods=("GET",)),
    "profile_edit": Rule(allowed=SIGNED_IN),
    "person_list": Rule(allowed=STAFF_VIEWERS),
    "person_detail": Rule(allowed=["leader", *STAFF_VIEWERS], refused_with=404, make=_own_record),
    "group_list": Rule(allowed=SIGNED_IN),
    "group_detail": Rule(allowed=["leader", *STAFF_VIEWERS], refused_with=404, make=_group_of_leader),
    "audit_list": Rule(allowed=["admin_user"]),
    "settings_index": Rule(allowed=["admin_user"], methods=("GET",)),
    "emails_failed": Rule(allowed=["manager"]),
    "person_roles": Rule(allowed=["admin_user"], make=_own_record),
}


# Each app's URLs have their own rules module beside this one.
APP_RULE_MODULES = ["tests.security.rules_recruitment", "tests.security.rules_meetings",
                    "tests.security.rules_payments", "tests.security.rules_engagement"]


def _all_rules() -> dict[str, Rule]:
    rules = dict(CORE_RULES)
    for module_name in APP_RULE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        overlap = set(rules) & set(module.RULES)
        assert not overlap, f"{module_name} repeats rules for {sorted(overlap)}"
        rules.update(module.RULES)
    return rules


RULES: dict[str, Rule] = _all_rules()
