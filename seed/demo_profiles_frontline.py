"""Demo profiles of frontline sectors: police, health, mental health, child protection, victims."""

from __future__ import annotations

from directory.models import ReferralMethod as Referral
from seed.demo_text import ALWAYS, SectorProfile
from seed.demo_text import ServiceTemplate as Service

YOUTH = ("youth-12-17", "young-adults-18-24")
CHILDREN_YOUTH = ("children-under-12", "youth-12-17")

POLICING = SectorProfile(
    sector="policing",
    variants=(
        (
            "{motif} Regional Police — Child Exploitation Unit",
            "Investigates online luring, sextortion and the distribution of child sexual abuse "
            "material in and around {place}, and identifies children shown in it.",
        ),
        (
            "{motif} Integrated Online Child Exploitation Team",
            "Police officers and digital forensic analysts from several services in {province}, "
            "working together against luring, sextortion and child sexual abuse material.",
        ),
        (
            "{motif} Police Service — Human Trafficking Unit",
            "Investigates the sex trafficking of children and youth in and around {place}, working "
            "with victim services so that sexually exploited youth are met as victims, not "
            "offenders.",
        ),
    ),
    min_population=10_000,
    services=(
        Service(
            "Online child exploitation investigations",
            "Investigates luring, sextortion and child sexual abuse material; preserves "
            "evidence and coordinates content removal with platforms.",
            ("investigation", "online-exploitation-reporting"),
            CHILDREN_YOUTH,
            Referral.PROFESSIONAL,
            eligibility="Reports about children and youth under 18.",
            hours="Monday–Friday, 8:00–16:00; emergencies through 911",
        ),
        Service(
            "Human trafficking investigations",
            "Plain-clothes investigators who meet sexually exploited youth where they are safe.",
            ("investigation", "case-management"),
            (*YOUTH, "girls-women"),
            hours=ALWAYS,
            open_24_7=True,
        ),
        Service(
            "Training for schools and clinics",
            "How luring and trafficking look from a classroom or an emergency room, and whom "
            "to call.",
            ("professional-training", "prevention-education"),
            ("families-caregivers",),
            Referral.PROFESSIONAL,
            fees="Free for schools and public agencies",
            online=True,
        ),
        Service(
            "Youth victim liaison",
            "A liaison officer keeps young victims and their families informed from report to "
            "court.",
            ("court-victim-support",),
            (*CHILDREN_YOUTH, "families-caregivers"),
        ),
    ),
    related_sectors=("victim-services", "technology-online-safety"),
    reach="provincial",
)

HEALTH_CARE = SectorProfile(
    sector="health-care",
    variants=(
        (
            "{motif} Sexual Assault & Domestic Violence Care Centre",
            "Provides medical and forensic nursing care to children, youth and adults after sexual "
            "violence in {place}, with or without a police report.",
        ),
        (
            "{motif} Community Health Centre — Youth Clinic",
            "A youth-friendly clinic in {place} where young people can get sexual health care, "
            "testing and support without judgement, and where staff know the signs of trafficking.",
        ),
        (
            "{motif} Health Authority — Child & Youth Protection Team",
            "Nurses, physicians and social workers of the regional health authority in {place} who "
            "assess and care for children and youth when abuse or exploitation is suspected.",
        ),
    ),
    services=(
        Service(
            "Sexual-assault and forensic nursing care",
            "Medical care, emergency contraception, STI prevention and optional evidence "
            "collection by forensic nurses.",
            ("sexual-assault-forensic-care", "medical-care"),
            (*CHILDREN_YOUTH, "girls-women", "boys-men"),
            Referral.SELF,
            eligibility="Anyone who has experienced sexual violence in the last 12 days.",
            fees="Free; no health card needed",
            hours=ALWAYS,
            open_24_7=True,
        ),
        Service(
            "Youth sexual health clinic",
            "Drop-in care, testing and contraception for young people, with harm-reduction "
            "supplies.",
            ("medical-care", "harm-reduction"),
            (*YOUTH, "2slgbtqia"),
            Referral.SELF,
            hours="Tuesday–Saturday, 12:00–20:00",
        ),
        Service(
            "Trafficking-aware care for clinicians",
            "Training for nurses and physicians on recognizing and responding to trafficking.",
            ("professional-training",),
            ("young-adults-18-24",),
            Referral.PROFESSIONAL,
            fees="Free for public health-care staff",
            online=True,
        ),
        Service(
            "Care navigation after a disclosure",
            "A nurse navigator arranges follow-up care and warm referrals to partners.",
            ("case-management", "medical-care"),
            YOUTH,
            Referral.PROFESSIONAL,
        ),
    ),
    related_sectors=("mental-health", "victim-services"),
)

MENTAL_HEALTH = SectorProfile(
    sector="mental-health",
    variants=(
        (
            "{motif} Child & Youth Trauma Therapy Centre",
            "Offers trauma-focused counselling in {place} to children and youth who have been "
            "sexually abused or exploited, and to the adults who care for them.",
        ),
        (
            "{motif} Counselling Collective",
            "Therapists in {place} who share a specialty: counselling survivors of sexual "
            "exploitation and trafficking, youth and adults.",
        ),
        (
            "{motif} Youth Wellness Hub",
            "A youth wellness hub in {place}: counselling, peer support and a warm hand-off to "
            "specialized care for young people affected by exploitation.",
        ),
    ),
    services=(
        Service(
            "Trauma-focused counselling for children and youth",
            "Individual counselling with therapists trained in child sexual abuse and "
            "exploitation.",
            ("counselling",),
            CHILDREN_YOUTH,
            eligibility="Children and youth up to 18, and their caregivers.",
        ),
        Service(
            "Caregiver support group",
            "An eight-week group for parents and caregivers of a child who was exploited.",
            ("family-support", "peer-support"),
            ("families-caregivers",),
            online=True,
            hours="Wednesdays, 18:30–20:00",
        ),
        Service(
            "Walk-in counselling",
            "A single session, the same day, no referral or health card needed.",
            ("counselling",),
            (*YOUTH, "2slgbtqia"),
            Referral.SELF,
            hours="Monday–Thursday, 10:00–19:00; Friday 10:00–16:00",
        ),
        Service(
            "Youth crisis text line",
            "Trained responders answer texts and chats from young people in distress.",
            ("crisis-line",),
            YOUTH,
            Referral.SELF,
            hours=ALWAYS,
            open_24_7=True,
            online=True,
        ),
    ),
    related_sectors=("health-care",),
)

CHILD_PROTECTION = SectorProfile(
    sector="child-protection",
    variants=(
        (
            "{motif} Child and Family Services",
            "Child protection for families in {place}: specialized workers respond to reports that "
            "a child or youth is being sexually exploited or trafficked.",
        ),
        (
            "{motif} Child Advocacy Centre",
            "A child advocacy centre in {place} where police, child protection, health and victim "
            "services meet a child under one roof, so the child tells their story once.",
        ),
        (
            "{motif} Children's Aid Society",
            "Protects children and youth in and around {place}, with a team dedicated to young "
            "people who are sexually exploited, trafficked or missing from care.",
        ),
    ),
    services=(
        Service(
            "Child protection intake",
            "Anyone who believes a child is being exploited can report; workers answer day and "
            "night.",
            ("case-management", "investigation"),
            (*CHILDREN_YOUTH, "families-caregivers"),
            hours=ALWAYS,
            open_24_7=True,
        ),
        Service(
            "Forensic interviews and advocacy",
            "Child-friendly interviews and an advocate who stays with the family through court.",
            ("court-victim-support", "investigation"),
            CHILDREN_YOUTH,
            Referral.PROFESSIONAL,
        ),
        Service(
            "Specialized exploitation caseworkers",
            "Caseworkers with small caseloads who stay with a young person through exit and "
            "transition.",
            ("case-management", "exit-transition-support"),
            ("youth-12-17",),
            Referral.PROFESSIONAL,
        ),
        Service(
            "Foster and kinship caregiver training",
            "How to care for a child who has been exploited, and how to keep them safe online.",
            ("family-support", "professional-training"),
            ("families-caregivers",),
            online=True,
        ),
    ),
    related_sectors=("social-family",),
    reach="provincial",
)

VICTIM_SERVICES = SectorProfile(
    sector="victim-services",
    variants=(
        (
            "{motif} Victim Services",
            "Supports survivors of sexual violence and trafficking in {place} from the first call, "
            "through police and court, and after.",
        ),
        (
            "{motif} Anti-Trafficking Response Network",
            "A response network in {province} that connects trafficked and sexually exploited "
            "people with safety planning, shelter, legal help and case management.",
        ),
        (
            "{motif} Sexual Assault Centre",
            "A sexual assault centre in {place} offering a support line, accompaniment and "
            "advocacy to survivors of all ages and genders.",
        ),
    ),
    services=(
        Service(
            "24-hour support line",
            "Support, information and safety planning for survivors and the people helping them.",
            ("crisis-line",),
            ("girls-women", "boys-men", "2slgbtqia"),
            Referral.SELF,
            hours=ALWAYS,
            open_24_7=True,
            online=True,
        ),
        Service(
            "Accompaniment to hospital, police and court",
            "A support worker goes with the survivor, explains each step and speaks up for them.",
            ("court-victim-support",),
            (*YOUTH, "girls-women"),
        ),
        Service(
            "Trafficking survivor case management",
            "Safety planning, income, housing and health, coordinated by one worker.",
            ("case-management", "exit-transition-support"),
            (*YOUTH, "newcomers-migrants"),
            eligibility="People 16 and older who have been trafficked or sexually exploited.",
        ),
    ),
    related_sectors=("survivor-led", "legal-justice"),
)

FRONTLINE_PROFILES = (
    POLICING,
    HEALTH_CARE,
    MENTAL_HEALTH,
    CHILD_PROTECTION,
    VICTIM_SERVICES,
)
