"""Demo profiles of partner sectors: education, law, technology and finance."""

from __future__ import annotations

from directory.models import ReferralMethod as Referral
from seed.demo_text import ALWAYS, PARTNER_PRACTICE, SectorProfile
from seed.demo_text import ServiceTemplate as Service

YOUTH = ("youth-12-17", "young-adults-18-24")

EDUCATION = SectorProfile(
    sector="education",
    variants=(
        (
            "{motif} School District — Safe Schools Team",
            "Works with schools in {place} to teach students about healthy relationships, online "
            "luring and consent, and trains staff to recognize grooming and respond safely.",
            "Travaille avec les écoles {of_place} pour enseigner aux élèves les relations saines, "
            "le leurre en ligne et le consentement, et forme le personnel à reconnaître la "
            "manipulation (grooming) et à réagir de façon sécuritaire.",
        ),
        (
            "{motif} Healthy Relationships Education Network",
            "An education network in {province} that brings age-appropriate prevention lessons on "
            "exploitation into classrooms, from grade 4 to grade 12.",
            "Un réseau d’éducation {in_province} qui offre en classe des leçons de prévention de "
            "l’exploitation adaptées à l’âge des élèves, de la 4e à la 12e année.",
        ),
        (
            "{motif} Digital Citizenship Project",
            "Teaches students, parents and teachers in {place} how luring and sextortion happen "
            "online, and what to do when they do.",
            "Montre aux élèves, aux parents et au personnel enseignant {at_place} comment le "
            "leurre et la sextorsion se produisent en ligne, et quoi faire lorsque cela arrive.",
        ),
    ),
    services=(
        Service(
            "Classroom prevention workshops",
            "Age-appropriate workshops on healthy relationships, luring and asking for help.",
            ("prevention-education",),
            ("children-under-12", "youth-12-17"),
            Referral.PROFESSIONAL,
            eligibility="Schools and youth programs; booked by a teacher or principal.",
        ),
        Service(
            "Staff training: recognizing grooming and luring",
            "For teachers, counsellors and coaches: the signs, the duty to report, whom to call.",
            ("professional-training",),
            ("families-caregivers",),
            Referral.PROFESSIONAL,
            fees="Free for public schools",
            online=True,
        ),
        Service(
            "Student support pathway",
            "A school social worker coordinates support when a student discloses exploitation.",
            ("case-management",),
            ("youth-12-17",),
            Referral.PROFESSIONAL,
            hours="School days, 8:00–16:00",
        ),
    ),
    related_sectors=("technology-online-safety",),
)

LEGAL_JUSTICE = SectorProfile(
    sector="legal-justice",
    variants=(
        (
            "{motif} Community Legal Clinic",
            "Free legal advice and representation in {place} for survivors of sexual violence, "
            "trafficking and image-based abuse, including young people.",
            "Conseils juridiques et représentation gratuits {at_place} pour les survivantes et "
            "survivants de violence sexuelle, de traite et d’abus liés aux images intimes, y "
            "compris les jeunes.",
        ),
        (
            "{motif} Youth Law Project",
            "Lawyers for young people in {place}: criminal, family and privacy law explained in "
            "plain words, with the young person's wishes first.",
            "Des avocates et avocats pour les jeunes {at_place} : droit criminel, droit de la "
            "famille et protection de la vie privée expliqués en mots simples, et les souhaits de "
            "la ou du jeune passent avant tout.",
        ),
        (
            "{motif} Survivors' Legal Advice Centre",
            "A legal clinic serving {province} that helps trafficked people with criminal, family, "
            "immigration and civil matters, and trains lawyers in trauma-informed practice.",
            "Une clinique juridique active partout {in_province}, qui aide les personnes victimes "
            "de traite dans leurs affaires criminelles, familiales, d’immigration et civiles, et "
            "forme les avocates et avocats à une pratique tenant compte des traumatismes.",
        ),
    ),
    min_population=10_000,
    services=(
        Service(
            "Independent legal advice for survivors",
            "Up to four hours of free, confidential legal advice with a lawyer.",
            ("legal-aid",),
            ("young-adults-18-24", "girls-women", "boys-men"),
            online=True,
        ),
        Service(
            "Court preparation and accompaniment",
            "Explains testimony aids and accompanies young witnesses to court.",
            ("court-victim-support",),
            ("youth-12-17", "families-caregivers"),
            Referral.PROFESSIONAL,
        ),
        Service(
            "Image removal and privacy law help",
            "Legal steps to remove intimate images and child sexual abuse material from the web.",
            ("legal-aid", "online-exploitation-reporting"),
            YOUTH,
            online=True,
        ),
        Service(
            "Immigration law support for trafficked persons",
            "Temporary resident permits and status applications, with interpreters.",
            ("legal-aid", "interpretation"),
            ("newcomers-migrants",),
        ),
    ),
    related_sectors=("victim-services",),
)

TECHNOLOGY = SectorProfile(
    sector="technology-online-safety",
    variants=(
        (
            "{motif} Digital Safety Lab",
            "Builds tools and trains platform trust-and-safety teams to detect child sexual abuse "
            "material and online luring, working from {place}.",
            "Conçoit des outils et forme les équipes de confiance et de sécurité des plateformes "
            "pour détecter le matériel d’abus pédosexuel et le leurre en ligne, à partir de ses "
            "locaux {at_place}.",
        ),
        (
            "{motif} Online Safety Helpline",
            "A national online safety helpline, based in {place}, that helps young people and "
            "families report sextortion and get sexual images removed from platforms.",
            "Une ligne d’aide nationale en sécurité en ligne, établie {at_place}, qui aide les "
            "jeunes et les familles à signaler la sextorsion et à faire retirer des images "
            "sexuelles des plateformes.",
        ),
        (
            "{motif} Youth Tech Safety Network",
            "Young people and technologists in {place} who design safety features with youth and "
            "teach online safety peer to peer.",
            "Des jeunes et des technologues {at_place} qui conçoivent des fonctions de sécurité "
            "avec les jeunes et enseignent la sécurité en ligne de pair à pair.",
        ),
    ),
    min_population=50_000,
    services=(
        Service(
            "Help removing sexual images of youth",
            "Reports images to platforms and hash lists, and follows up until they come down.",
            ("online-exploitation-reporting",),
            YOUTH,
            Referral.SELF,
            online=True,
        ),
        Service(
            "Sextortion support line",
            "Immediate help for a young person being threatened online: what to do right now.",
            ("crisis-line", "online-exploitation-reporting"),
            ("youth-12-17", "boys-men"),
            Referral.SELF,
            hours=ALWAYS,
            open_24_7=True,
            online=True,
        ),
        Service(
            "Online safety workshops for parents",
            "Evening sessions on apps, gaming chats and talking with kids about luring.",
            ("prevention-education", "family-support"),
            ("families-caregivers",),
            Referral.SELF,
            online=True,
        ),
    ),
    related_sectors=("policing", "education"),
    reach="national",
    practice=PARTNER_PRACTICE,
)

FINANCE = SectorProfile(
    sector="finance",
    variants=(
        (
            "{motif} Financial Crime Intelligence Partnership",
            "Helps banks and credit unions in {province} spot the money trail of trafficking and "
            "report it.",
            "Aide les banques et les coopératives de crédit {in_province} à repérer les traces "
            "financières de la traite et à les signaler.",
        ),
        (
            "{motif} Credit Union — Community Financial Safety",
            "A credit union program in {place} that opens safe accounts for survivors and trains "
            "tellers to notice signs of financial control.",
            "Un programme d’une coopérative de crédit {at_place} qui ouvre des comptes "
            "sécuritaires pour les survivantes et survivants et forme les caissières et caissiers "
            "à remarquer les signes de contrôle financier.",
        ),
        (
            "{motif} Financial Empowerment Centre",
            "Financial coaching in {place} for survivors rebuilding their lives after "
            "exploitation: banking, credit repair and coerced debt.",
            "De l’accompagnement financier {at_place} pour les survivantes et survivants qui "
            "rebâtissent leur vie après l’exploitation : services bancaires, rétablissement du "
            "crédit et dettes contractées sous la contrainte.",
        ),
    ),
    min_population=50_000,
    services=(
        Service(
            "Safe banking access for survivors",
            "Accounts opened without a fixed address, with protections against coerced debt.",
            ("exit-transition-support", "employment-life-skills"),
            ("young-adults-18-24", "girls-women"),
            fees="No account fees for the first two years",
        ),
        Service(
            "Financial indicators training",
            "For frontline banking staff: transaction patterns linked to trafficking.",
            ("professional-training",),
            ("young-adults-18-24",),
            Referral.PROFESSIONAL,
            online=True,
        ),
        Service(
            "Credit repair and coerced-debt coaching",
            "One-to-one coaching to deal with debts run up in a survivor's name.",
            ("employment-life-skills",),
            ("young-adults-18-24", "girls-women", "newcomers-migrants"),
            Referral.SELF,
        ),
    ),
    related_sectors=("government-policy",),
    reach="provincial",
    practice=PARTNER_PRACTICE,
)

PARTNER_PROFILES = (EDUCATION, LEGAL_JUSTICE, TECHNOLOGY, FINANCE)
