"""Finding and removing names, phone numbers and email addresses in what people said.

Deliberately simple and cautious: UK phone numbers and email addresses by pattern; names by titles
("Mrs Jones", "Dr A. Khan") and a list of common UK first names written with a capital letter. Words that
are also ordinary English words ("Will", "May", "Hope", "Mark") are left out of the list so ordinary
sentences are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
# UK numbers: 07xxx xxxxxx, 01xxx / 02x / 03xx / 08xx with spaces or dashes, +44 forms.
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0044\s?|0)"
    r"\d(?:[\s-]?\d){8,9}(?!\d)"
)
TITLE_NAME_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof|Professor)\.?\s+"
    r"(?:[A-Z]\.\s*)?[A-Z][a-zA-Z'-]+(?:[\s-][A-Z][a-zA-Z'-]+)?"
)

# Common first names in England and Wales (ONS baby-name lists across generations), minus ordinary words.
FIRST_NAMES = frozenset(["Aaron", "Abbie", "Abdul", "Abigail", "Adam", "Adrian", "Agnes", "Ahmed", "Aidan", "Aisha", "Alan", "Albert", "Alex", "Alexander", "Alexandra", "Alfie", "Alfred", "Ali", "Alice", "Alison", "Amanda", "Amber", "Amelia", "Amir", "Amy", "Andrea", "Andrew", "Andy", "Angela", "Ann", "Anna", "Anne", "Annie", "Anthony", "Archie", "Arthur", "Ashley", "Ava", "Barbara", "Barry", "Beatrice", "Ben", "Benjamin", "Bernard", "Beth", "Bethany", "Betty", "Beverley", "Bilal", "Bradley", "Brandon", "Brenda", "Brian", "Bridget", "Callum", "Cameron", "Carl", "Carol", "Caroline", "Catherine", "Charlie", "Charlotte", "Chloe", "Chris", "Christine", "Christopher", "Claire", "Clare", "Colin", "Connor", "Craig", "Daisy", "Damian", "Daniel", "Danielle", "Danny", "Darren", "Dave", "David", "Dean", "Deborah", "Debbie", "Declan", "Denise", "Dennis", "Derek", "Diane", "Dominic", "Donna", "Doris", "Dorothy", "Dylan", "Edward", "Eileen", "Elaine", "Eleanor", "Elizabeth", "Ella", "Ellie", "Emily", "Emma", "Eric", "Ethan", "Evelyn", "Evie", "Fatima", "Fiona", "Florence", "Frances", "Francesca", "Freddie", "Freya", "Gail", "Gareth", "Gary", "Gavin", "Gemma", "Geoffrey", "George", "Georgia", "Gerald", "Gillian", "Glen", "Gordon", "Graham", "Hannah", "Harriet", "Harrison", "Harry", "Harvey", "Hassan", "Hayley", "Heather", "Helen", "Henry", "Hollie", "Holly", "Howard", "Hugh", "Hussain", "Ian", "Imogen", "Irene", "Isaac", "Isabel", "Isabella", "Isla", "Ivy", "Jack", "Jackie", "Jacob", "Jake", "James", "Jamie", "Jane", "Janet", "Janice", "Jasmine", "Jason", "Jayden", "Jean", "Jennifer", "Jenny", "Jeremy", "Jessica", "Joan", "Joanne", "Joe", "Joel", "John", "Jonathan", "Joseph", "Josh", "Joshua", "Joyce", "Judith", "Julia", "Julie", "Justin", "Karen", "Kate", "Katherine", "Kathleen", "Katie", "Kayleigh", "Keith", "Kelly", "Kenneth", "Kerry", "Kevin", "Khadija", "Kieran", "Kirsty", "Laura", "Lauren", "Leah", "Lee", "Leon", "Leonard", "Lesley", "Leslie", "Lewis", "Liam", "Lily", "Linda", "Lisa", "Logan", "Lorraine", "Louis", "Louise", "Lucy", "Luke", "Lynn", "Lynne", "Maisie", "Malcolm", "Margaret", "Maria", "Marie", "Martin", "Mary", "Matthew", "Megan", "Melanie", "Michael", "Michelle", "Mohammed", "Mohammad", "Muhammad", "Molly", "Nathan", "Neil", "Nicola", "Nicholas", "Nigel", "Noah", "Norman", "Oliver", "Olivia", "Oscar", "Owen", "Pamela", "Patricia", "Patrick", "Paul", "Pauline", "Peter", "Philip", "Phoebe", "Poppy", "Rachel", "Rebecca", "Richard", "Rita", "Robert", "Robin", "Ruby", "Ryan", "Sally", "Samantha", "Samuel", "Sandra", "Sarah", "Scott", "Sean", "Sharon", "Sheila", "Shirley", "Simon", "Sophie", "Sophia", "Stacey", "Stephanie", "Stephen", "Steven", "Stuart", "Susan", "Suzanne", "Teresa", "Theo", "Theodore", "Thomas", "Tina", "Toby", "Tom", "Tony", "Tracey", "Tracy", "Trevor", "Valerie", "Vanessa", "Victoria", "Vincent", "Wayne", "Wendy", "William", "Yasmin", "Yusuf", "Zara", "Zoe"])
# A first name is a capitalised word in FIRST_NAMES (looked up in the set: one pass over the text, where an
# alternation of 330 names tried each at every word), with the capitalised word after it if there is one.
CAPITALISED_WORD_RE = re.compile(r"\b[A-Z][a-zA-Z]*\b")
FOLLOWING_NAME_RE = re.compile(r"\s+[A-Z][a-z'-]+")

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "name": "[name]"}
KIND_LABELS = {"email": "an email address", "phone": "a phone number", "name": "what looks like a name"}


@dataclass(frozen=True)
class Match:
    kind: str  # "email", "phone" or "name"
    start: int
    end: int
    text: str


def first_name_spans(text: str) -> list[tuple[int, int]]:
    """Where first names are, each with the capitalised word after it ("Sarah Jones"), left to right and
    not overlapping."""
    spans: list[tuple[int, int]] = []
    end = 0
    for word in CAPITALISED_WORD_RE.finditer(text):
        if word.start() < end or word.group() not in FIRST_NAMES:
            continue
        following = FOLLOWING_NAME_RE.match(text, word.end())
        end = following.end() if following else word.end()
        spans.append((word.start(), end))
    return spans


def find_personal_details(text: str) -> list[Match]:
    """Every name, phone number and email address found, in order, without overlaps."""
    text = text or ""
    found: list[Match] = []
    taken: list[tuple[int, int]] = []

    def add_span(kind: str, start: int, end: int) -> None:
        if any(start < t_end and end > t_start for t_start, t_end in taken):
            return
        taken.append((start, end))
        found.append(Match(kind, start, end, text[start:end]))

    def add(kind: str, match: re.Match[str]) -> None:
        add_span(kind, *match.span())

    for match in EMAIL_RE.finditer(text):
        add("email", match)
    for match in PHONE_RE.finditer(text):
        add("phone", match)
    for match in TITLE_NAME_RE.finditer(text):
        add("name", match)
    for start, end in first_name_spans(text):
        add_span("name", start, end)
    return sorted(found, key=lambda m: m.start)


def remove_personal_details(text: str) -> str:
    """The text with every detected name, phone number and email replaced by [name], [phone], [email]."""
    result = text or ""
    for match in reversed(find_personal_details(result)):
        result = result[: match.start] + PLACEHOLDERS[match.kind] + result[match.end:]
    return result


def describe(matches: list[Match]) -> str:
    """Plain words for a warning: 'an email address and what looks like a name'."""
    kinds = [KIND_LABELS[k] for k in ("name", "phone", "email") if any(m.kind == k for m in matches)]
    if not kinds:
        return ""
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
