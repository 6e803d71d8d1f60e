"""Word pools for synthetic listings, tuned so that word frequencies look like real data.

Only the counselling service type ever puts the word "counselling" in a listing, and the
generator gives a counselling service to about a fifth of listings: a search for it matches
thousands of listings out of 100,000, as it would in a real directory. Other words
("youth", "trafficking", "trauma-informed") are common for the same reason.
"""

from __future__ import annotations

# Relative frequency of each sector as a listing's main sector.
SECTOR_WEIGHTS = {
    "victim-services": 10,
    "social-family": 10,
    "mental-health": 9,
    "health-care": 8,
    "child-protection": 7,
    "housing-shelter": 7,
    "community-faith": 6,
    "education": 6,
    "indigenous": 5,
    "legal-justice": 5,
    "policing": 4,
    "survivor-led": 4,
    "government-policy": 3,
    "research-academia": 2,
    "technology-online-safety": 2,
    "media-journalism": 1,
    "finance": 1,
}

# Sectors whose names always take an invented motif: with a real city's name they would sound
# like a real public agency ("Toronto Police", "Winnipeg Child and Family Services").
INSTITUTIONAL_SECTORS = frozenset(
    {"policing", "child-protection", "government-policy", "education", "health-care"}
)

# Organization name endings by main sector.
NAME_ENDINGS = {
    "victim-services": ("Victim Services", "Sexual Assault Centre", "Support Network"),
    "social-family": ("Family Services", "Youth Outreach", "Community Services"),
    "mental-health": ("Youth Wellness Centre", "Trauma Therapy Clinic", "Mental Health Services"),
    "health-care": ("Community Health Centre", "Youth Clinic", "Care Centre"),
    "child-protection": ("Child and Family Services", "Child Advocacy Centre"),
    "housing-shelter": ("Youth Shelter", "Safe House", "Housing Society"),
    "community-faith": ("Neighbourhood House", "Interfaith Coalition", "Community Centre"),
    "education": ("School District Safe Schools Team", "Prevention Education Project"),
    "indigenous": ("Friendship Centre", "Healing Lodge", "Family Wellness Circle"),
    "legal-justice": ("Legal Clinic", "Youth Law Project"),
    "policing": ("Police — Child Exploitation Unit", "Police — Human Trafficking Unit"),
    "survivor-led": ("Survivor Collective", "Peer Mentorship Network"),
    "government-policy": ("Community Safety Table", "Anti-Trafficking Coordination Office"),
    "research-academia": ("Research Centre", "Institute for Child Safety"),
    "technology-online-safety": ("Online Safety Helpline", "Digital Safety Lab"),
    "media-journalism": ("Reporting Network", "Youth Media Lab"),
    "finance": ("Financial Empowerment Centre", "Financial Safety Partnership"),
}

# First sentence of a description by main sector; {city} is filled in.
LEADS = {
    "victim-services": "Supports survivors of sexual violence and trafficking in {city}.",
    "social-family": "Family and youth services for young people at risk of exploitation, {city}.",
    "mental-health": "Mental health care for children and youth hurt by sexual abuse in {city}.",
    "health-care": "Medical and forensic nursing care after sexual violence, based in {city}.",
    "child-protection": "Protects children and youth from sexual exploitation in {city}.",
    "housing-shelter": "Safe housing for sexually exploited and trafficked youth in {city}.",
    "community-faith": "A community organization in {city} that helps prevent trafficking.",
    "education": "Prevention education on luring and healthy relationships in {city} schools.",
    "indigenous": "Indigenous-led support for youth and families in and around {city}.",
    "legal-justice": "Free legal help for survivors of trafficking and sexual violence in {city}.",
    "policing": "Investigates online luring, sextortion and trafficking of youth in {city}.",
    "survivor-led": "A survivor-led organization walking with young people in {city}.",
    "government-policy": "Coordinates the local response to human trafficking in {city}.",
    "research-academia": "Researches how youth are recruited into exploitation, from {city}.",
    "technology-online-safety": "Helps youth in {city} and beyond remove sexual images online.",
    "media-journalism": "Trains journalists in {city} to report on exploitation responsibly.",
    "finance": "Helps survivors in {city} rebuild their finances after exploitation.",
}

# Service type slug -> (service name, phrase used in the organization description).
SERVICE_WORDING = {
    "crisis-line": ("Crisis line", "a crisis line"),
    "emergency-shelter": ("Emergency shelter", "emergency shelter beds"),
    "counselling": ("Counselling for youth and families", "counselling"),
    "medical-care": ("Medical care", "medical care"),
    "sexual-assault-forensic-care": ("Forensic nursing care", "forensic nursing care"),
    "legal-aid": ("Legal advice", "legal advice"),
    "court-victim-support": ("Court support", "court accompaniment"),
    "investigation": ("Investigations", "investigations"),
    "online-exploitation-reporting": ("Image removal help", "help removing images online"),
    "prevention-education": ("Prevention workshops", "prevention workshops"),
    "professional-training": ("Training for professionals", "training for professionals"),
    "case-management": ("Case management", "case management"),
    "exit-transition-support": ("Exit support", "exit and transition support"),
    "housing": ("Housing support", "help finding safe housing"),
    "employment-life-skills": ("Life skills and jobs", "life skills and job coaching"),
    "cultural-land-based-healing": ("Land-based healing", "land-based healing"),
    "peer-support": ("Peer support", "peer support"),
    "interpretation": ("Interpretation", "interpretation"),
    "family-support": ("Family support", "family support"),
    "harm-reduction": ("Harm reduction", "harm reduction"),
}

# Optional closing sentences, each with the probability it is added.
TRAITS = (
    ("Trauma-informed and youth-centred.", 0.3),
    ("Services are free and confidential.", 0.4),
    ("Accepts referrals from professionals and from young people themselves.", 0.3),
    ("Works with police, schools and child protection.", 0.2),
    ("Children cannot consent to their exploitation; no young person is blamed.", 0.1),
)

ELIGIBILITY = (
    None,
    "Children and youth under 18.",
    "Youth 12–24.",
    "Anyone who has experienced sexual violence or exploitation.",
    "Adults 18 and older.",
)
FEES = (None, "Free", "Free", "Free; no referral needed", "Sliding scale")
INTAKE_HOURS = (
    "Monday–Friday, 9:00–17:00",
    "Monday–Friday, 8:30–16:30",
    "Monday–Thursday, 10:00–19:00",
    "Tuesday–Saturday, 12:00–20:00",
)
