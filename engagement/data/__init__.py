"""The seed taxonomy: themes of feedback and groups reached. Admins change them in the admin site."""

THEMES = [
    ("Access and waiting", "Getting help, waiting lists, thresholds, being turned away."),
    ("Crisis support", "Help in a crisis, out of hours, the helpline, safe places."),
    ("Housing", "Somewhere safe and settled to live."),
    ("Money", "Benefits, debt, the cost of living."),
    ("Employment", "Work, volunteering, training and keeping a job."),
    ("Physical health", "Physical health checks, medication side effects, joined-up care."),
    ("Peer support", "Support from people with lived experience."),
    ("Language and communication", "Plain words, interpreters, letters, how staff speak to people."),
    ("Carers", "Families and friends who care, and support for them."),
    ("Young people", "Moving from children's to adults' services, students, young adults."),
    ("Discrimination and respect", "Being treated fairly, racism, stigma, dignity."),
    ("Digital access", "Online appointments, apps, phones and data."),
    ("Transport and travel", "Getting to appointments, rural travel, costs."),
    ("Community and belonging", "Loneliness, groups, things to do, feeling part of a community."),
]

AUDIENCES = [
    "People who don't usually use services",
    "Carers",
    "Young adults",
    "Older people",
    "Rural areas",
    "Racialised communities",
    "LGBTQ+ people",
    "Disabled people",
    "People with experience of homelessness",
    "People in contact with the justice system",
    "Veterans",
    "People whose first language is not English",
]
