"""Demo profiles of community sectors: survivor-led, Indigenous-led, family and housing."""

from __future__ import annotations

from directory.models import ReferralMethod as Referral
from seed.demo_text import ALWAYS, SectorProfile
from seed.demo_text import ServiceTemplate as Service

YOUTH = ("youth-12-17", "young-adults-18-24")

SURVIVOR_LED = SectorProfile(
    sector="survivor-led",
    variants=(
        (
            "{motif} Survivor Collective",
            "Founded and run by survivors of sexual exploitation in {place}: peer mentors walk "
            "with young people leaving exploitation, for as long as it takes.",
            "Fondé et dirigé par des survivantes et survivants d’exploitation sexuelle {at_place} "
            ": des pairs mentors accompagnent les jeunes qui sortent de l’exploitation, aussi "
            "longtemps qu’il le faut.",
        ),
        (
            "{motif} Peer Mentorship Network",
            "A network of trained peer mentors with lived experience of exploitation, matched with "
            "young people in and around {place}.",
            "Un réseau de pairs mentors formés, qui ont une expérience vécue de l’exploitation, "
            "jumelés avec des jeunes {at_place} et dans les environs.",
        ),
        (
            "{motif} Voices Project",
            "A survivor-led collective in {province} that trains professionals and shapes policy "
            "with the expertise of people with lived experience.",
            "Un collectif {in_province}, dirigé par des survivantes et survivants, qui forme les "
            "professionnelles et professionnels et influence les politiques grâce à l’expertise "
            "des personnes ayant une expérience vécue.",
        ),
    ),
    services=(
        Service(
            "Peer mentorship by survivors",
            "One-to-one support from a trained mentor with lived experience.",
            ("peer-support",),
            (*YOUTH, "girls-women", "2slgbtqia"),
            Referral.SELF,
        ),
        Service(
            "Exit and transition planning",
            "Practical help to leave: a safe place, ID documents, income and a plan.",
            ("exit-transition-support", "case-management"),
            (*YOUTH, "girls-women"),
        ),
        Service(
            "Survivor-led training for professionals",
            "What helped and what harmed, taught by survivors to police, nurses and teachers.",
            ("professional-training",),
            ("young-adults-18-24",),
            Referral.PROFESSIONAL,
            fees="Sliding scale for organizations; free for frontline non-profits",
            online=True,
        ),
        Service(
            "Drop-in space",
            "A calm space with food, showers, harm-reduction supplies and someone to talk to.",
            ("peer-support", "harm-reduction"),
            ("girls-women", "2slgbtqia"),
            Referral.SELF,
            hours="Tuesday–Saturday, 12:00–20:00",
        ),
    ),
    related_sectors=("victim-services",),
)

INDIGENOUS = SectorProfile(
    sector="indigenous",
    variants=(
        (
            "{motif} Indigenous Healing Lodge",
            "An Indigenous-led healing lodge near {place} for {peoples} youth and families "
            "affected by sexual exploitation, grounded in culture and land.",
            "Un pavillon de ressourcement dirigé par des Autochtones et ancré dans la culture et "
            "le territoire, près {of_place}, pour les jeunes et les familles {peoples} touchés par "
            "l’exploitation sexuelle.",
        ),
        (
            "{motif} Friendship Centre — Youth Program",
            "The youth program of an Indigenous friendship centre in {place}: a safe place, "
            "mentors and cultural programs that keep {peoples} youth connected and safe from "
            "exploitation.",
            "Le programme jeunesse d’un centre d’amitié autochtone {at_place} : un lieu sûr, des "
            "mentors et des programmes culturels qui aident les jeunes {peoples} à garder leurs "
            "liens et à rester à l’abri de l’exploitation.",
        ),
        (
            "{motif} Family Wellness Circle",
            "Indigenous-led and community-governed: Elders, Knowledge Keepers and family workers "
            "in {place} help {peoples} families heal and keep their young people safe.",
            "Dirigé par des Autochtones et régi par la communauté : des Aînées et Aînés, des "
            "gardiennes et gardiens du savoir et des intervenantes et intervenants familiaux "
            "{at_place} aident les familles {peoples_f} à guérir et à garder leurs jeunes en "
            "sécurité.",
        ),
    ),
    services=(
        Service(
            "Land-based healing program",
            "Time on the land with Elders and Knowledge Keepers, ceremony and traditional "
            "teachings.",
            ("cultural-land-based-healing",),
            ("youth-12-17", "first-nations", "metis", "inuit"),
        ),
        Service(
            "Safe arrival for youth from remote communities",
            "Youth who come to the city for school or care are met, housed safely and checked on.",
            ("case-management", "housing"),
            ("youth-12-17", "first-nations", "inuit"),
            Referral.PROFESSIONAL,
            hours=ALWAYS,
            open_24_7=True,
        ),
        Service(
            "Family reunification and support",
            "Helps families and communities welcome a young person home, safely.",
            ("family-support", "case-management"),
            ("families-caregivers", "first-nations", "metis", "inuit"),
        ),
        Service(
            "Elder and Knowledge Keeper support",
            "One-to-one time with an Elder, in person or by phone.",
            ("cultural-land-based-healing", "peer-support"),
            ("young-adults-18-24", "first-nations", "metis"),
            Referral.SELF,
        ),
    ),
    related_sectors=("social-family", "mental-health"),
)

SOCIAL_FAMILY = SectorProfile(
    sector="social-family",
    variants=(
        (
            "{motif} Family Services",
            "Family and youth services in {place}: family support, practical help and a caseworker "
            "for young people at risk of sexual exploitation.",
            "Des services à la famille et à la jeunesse {at_place} : soutien aux familles, aide "
            "concrète et une intervenante ou un intervenant attitré pour les jeunes à risque "
            "d’exploitation sexuelle.",
        ),
        (
            "{motif} Youth Outreach",
            "Outreach workers in {place} who meet young people where they are (on the street, in "
            "shelters and online) and stay with them.",
            "Des intervenantes et intervenants de proximité {at_place} qui vont à la rencontre des "
            "jeunes là où ils se trouvent (dans la rue, dans les refuges et en ligne) et restent à "
            "leurs côtés.",
        ),
        (
            "{motif} Newcomer Family Centre",
            "Supports newcomer and refugee families in {place}, including young people targeted by "
            "traffickers because of their migration status.",
            "Soutient les familles nouvellement arrivées et réfugiées {at_place}, y compris les "
            "jeunes que des trafiquants ciblent en raison de leur statut migratoire.",
        ),
    ),
    services=(
        Service(
            "Street outreach for youth",
            "Outreach workers meet young people in shelters, malls and online, evenings and "
            "weekends.",
            ("case-management", "harm-reduction"),
            YOUTH,
            Referral.SELF,
            hours="Every day, 16:00–midnight",
        ),
        Service(
            "Family support program",
            "Practical help and parenting support for families whose child has been exploited.",
            ("family-support",),
            ("families-caregivers",),
        ),
        Service(
            "Settlement support for newcomer youth",
            "Interpretation, school and work support, and information on rights in Canada.",
            ("case-management", "interpretation", "employment-life-skills"),
            ("newcomers-migrants", "youth-12-17", "young-adults-18-24"),
        ),
    ),
    related_sectors=("community-faith",),
)

HOUSING_SHELTER = SectorProfile(
    sector="housing-shelter",
    variants=(
        (
            "{motif} House",
            "A confidential safe house in {place} for sexually exploited and trafficked youth, "
            "staffed day and night.",
            "Une maison d’hébergement confidentielle {at_place} pour les jeunes victimes "
            "d’exploitation sexuelle et de traite, où du personnel est présent jour et nuit.",
        ),
        (
            "{motif} Youth Shelter",
            "An emergency shelter in {place} for youth 16–24, with dedicated safe beds for young "
            "people leaving exploitation.",
            "Un refuge d’urgence {at_place} pour les jeunes de 16 à 24 ans, avec des lits "
            "sécuritaires réservés aux jeunes qui sortent de l’exploitation.",
        ),
        (
            "{motif} Safe Housing Program",
            "Emergency and transitional housing in {province} for young women and 2SLGBTQIA+ youth "
            "leaving exploitation, with support to move on to a home of their own.",
            "Hébergement d’urgence et de transition {in_province} pour les jeunes femmes et les "
            "jeunes 2ELGBTQIA+ qui sortent de l’exploitation, avec du soutien pour s’installer "
            "ensuite dans leur propre logement.",
        ),
    ),
    services=(
        Service(
            "Emergency safe beds for exploited youth",
            "A safe bed tonight, with staff on site at all times; the address is confidential.",
            ("emergency-shelter",),
            ("youth-12-17", "girls-women", "2slgbtqia"),
            eligibility="Youth 12–24 who are being, or are at risk of being, sexually exploited.",
            hours=ALWAYS,
            open_24_7=True,
        ),
        Service(
            "Transitional housing",
            "Up to two years of supported housing, with life-skills and employment coaching.",
            ("housing", "exit-transition-support", "employment-life-skills"),
            ("young-adults-18-24", "girls-women"),
            Referral.PROFESSIONAL,
        ),
        Service(
            "Housing search support",
            "Help finding and keeping a safe home, including landlord mediation.",
            ("housing", "case-management"),
            ("young-adults-18-24", "2slgbtqia"),
        ),
    ),
    related_sectors=("social-family", "victim-services"),
    confidential=True,
)

COMMUNITY_PROFILES = (
    SURVIVOR_LED,
    INDIGENOUS,
    SOCIAL_FAMILY,
    HOUSING_SHELTER,
)
