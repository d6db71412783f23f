"""Deterministically generate a realistic board paper of about N words (for the speed benchmark)."""

from __future__ import annotations

import random

ACRONYMS = [
    ("ICB", "Integrated Care Board"),
    ("PCN", "Primary Care Network"),
    ("CMHT", "Community Mental Health Team"),
    ("SMI", "severe mental illness"),
    ("VCSE", "Voluntary, Community and Social Enterprise"),
    ("EbE", "Experts by Experience"),
    ("CQC", "Care Quality Commission"),
    ("JSNA", "Joint Strategic Needs Assessment"),
    ("AMHP", "Approved Mental Health Professional"),
    ("CPA", "Care Programme Approach"),
    ("HWB", "Health and Wellbeing Board"),
    ("KPI", "key performance indicator"),
    ("MDT", "multidisciplinary team"),
    ("ARRS", "Additional Roles Reimbursement Scheme"),
]
UNDEFINED = ["S117", "A&E", "DToC", "QOF", "CAMHS", "OT", "PALS", "LA", "ASC"]
JARGON = [
    "going forward",
    "leverage",
    "stakeholders",
    "robust",
    "in order to",
    "utilise",
    "facilitate",
    "cohort",
    "deliverables",
    "step change",
    "best practice",
    "pathway",
    "ring-fenced",
    "silo working",
    "holistic",
    "commissioning",
]
PLACES = ["Northgate", "Riverside", "Eastfield", "Hillcrest", "Westbrook", "Southmoor"]
TOPICS = [
    "housing support",
    "crisis care",
    "peer support",
    "talking therapies",
    "carers' breaks",
    "employment support",
    "physical health checks",
    "community groups",
    "advocacy",
]

TEMPLATES = [
    "The {a} agreed to {j} the plan for {topic} in {place}. We spent £{m}.{d}m in Q{q}, which is "
    "{p}% of the budget. {a2} partners said the work was going well.",
    "People told us that {topic} in {place} is hard to find. The {a} will {j} with {a2} teams so "
    "that people get help sooner. This was agreed by the board in {month}.",
    "The report from the {a} shows that {n} people used {topic} this year. Waiting times fell from "
    "{w} weeks to {w2} weeks. We want to keep this going and {j} the {topic} offer.",
    "Members of the {a2} group asked how {u} affects people leaving hospital. Officers explained "
    "that {u} depends on {topic} being ready, and that delays are still too long in {place}.",
    "We have a {j} approach to {topic}. It is being reviewed by the {a} and the {a2}, who will "
    "report back at the next meeting. In order to keep costs down we will share staff.",
    "Dr. Patel said that {n} referrals were received in {month}, e.g. from GPs and the {a}. "
    "The team met at 10.30am to agree next steps for {topic} across {place} and nearby areas.",
]


def _definition_sentence(rng: random.Random, short: str, long: str) -> str:
    form = rng.choice(["{long} ({short})", "{short} ({long})"])
    return f"We work closely with the {form.format(short=short, long=long)} on this. "


def generate_paper(words: int, seed: int = 2024) -> str:
    """Markdown paper of about ``words`` words: headings, paragraphs, bullets, acronyms, jargon."""
    rng = random.Random(seed)
    parts: list[str] = ["# Alliance Board meeting papers", ""]
    count = 0
    section = 0
    defined: set[str] = set()
    months = ["April", "May", "June", "July", "August", "September"]
    while count < words:
        if count == 0 or rng.random() < 0.12:
            section += 1
            parts += [f"## {section}. {rng.choice(TOPICS).capitalize()} in {rng.choice(PLACES)}", ""]
        short, long = rng.choice(ACRONYMS)
        short2, _ = rng.choice(ACRONYMS)
        prefix = ""
        if short not in defined:
            defined.add(short)
            prefix = _definition_sentence(rng, short, long)
        paragraph = prefix + rng.choice(TEMPLATES).format(
            a=short,
            a2=short2,
            j=rng.choice(JARGON),
            topic=rng.choice(TOPICS),
            place=rng.choice(PLACES),
            m=rng.randint(1, 9),
            d=rng.randint(0, 9),
            q=rng.randint(1, 4),
            p=rng.randint(2, 60),
            n=rng.randint(12, 900),
            w=rng.randint(6, 20),
            w2=rng.randint(2, 6),
            month=rng.choice(months),
            u=rng.choice(UNDEFINED),
        )
        if rng.random() < 0.15:
            items = [
                f"- {rng.choice(TOPICS).capitalize()} for people in {rng.choice(PLACES)}"
                for _ in range(rng.randint(2, 4))
            ]
            paragraph += "\n\n" + "\n".join(items)
        parts += [paragraph, ""]
        count += len(paragraph.split())
    return "\n".join(parts)
