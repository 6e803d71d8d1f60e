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
            "Mène des enquêtes sur le leurre en ligne, la sextorsion et la distribution de "
            "matériel d’abus pédosexuel {at_place} et dans les environs, et identifie les enfants "
            "qu’on y voit.",
        ),
        (
            "{motif} Integrated Online Child Exploitation Team",
            "Police officers and digital forensic analysts from several services in {province}, "
            "working together against luring, sextortion and child sexual abuse material.",
            "Des policières, des policiers et des analystes en criminalistique numérique de "
            "plusieurs services de police {in_province}, qui travaillent ensemble contre le "
            "leurre, la sextorsion et le matériel d’abus pédosexuel.",
        ),
        (
            "{motif} Police Service — Human Trafficking Unit",
            "Investigates the sex trafficking of children and youth in and around {place}, working "
            "with victim services so that sexually exploited youth are met as victims, not "
            "offenders.",
            "Mène des enquêtes sur la traite d’enfants et de jeunes à des fins sexuelles "
            "{at_place} et dans les environs, en collaboration avec les services aux victimes, "
            "pour que les jeunes exploités sexuellement soient accueillis comme des victimes, et "
            "non comme des personnes contrevenantes.",
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
            "Offre des soins médicaux et des soins infirmiers médicolégaux aux enfants, aux jeunes "
            "et aux adultes qui ont subi de la violence sexuelle {at_place}, avec ou sans plainte "
            "à la police.",
        ),
        (
            "{motif} Community Health Centre — Youth Clinic",
            "A youth-friendly clinic in {place} where young people can get sexual health care, "
            "testing and support without judgement, and where staff know the signs of trafficking.",
            "Une clinique jeunesse {at_place} où les jeunes peuvent recevoir, sans jugement, des "
            "soins de santé sexuelle, des tests de dépistage et du soutien, et où le personnel "
            "sait reconnaître les signes de la traite.",
        ),
        (
            "{motif} Health Authority — Child & Youth Protection Team",
            "Nurses, physicians and social workers of the regional health authority in {place} who "
            "assess and care for children and youth when abuse or exploitation is suspected.",
            "Infirmières et infirmiers, médecins, travailleuses et travailleurs sociaux de la "
            "régie régionale de la santé {at_place}, qui évaluent et soignent les enfants et les "
            "jeunes lorsqu’on soupçonne de l’abus ou de l’exploitation.",
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
            "Offre {at_place} du counseling axé sur le trauma aux enfants et aux jeunes victimes "
            "d’abus sexuels ou d’exploitation sexuelle, ainsi qu’aux adultes qui en prennent soin.",
        ),
        (
            "{motif} Counselling Collective",
            "Therapists in {place} who share a specialty: counselling survivors of sexual "
            "exploitation and trafficking, youth and adults.",
            "Des thérapeutes {at_place} qui partagent une spécialité : le counseling auprès des "
            "survivantes et survivants d’exploitation sexuelle et de traite, jeunes et adultes.",
        ),
        (
            "{motif} Youth Wellness Hub",
            "A youth wellness hub in {place}: counselling, peer support and a warm hand-off to "
            "specialized care for young people affected by exploitation.",
            "Un carrefour bien-être pour les jeunes {at_place} : counseling, soutien par les pairs "
            "et accompagnement personnalisé vers des soins spécialisés pour les jeunes touchés par "
            "l’exploitation.",
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
            "Protection de l’enfance pour les familles {at_place} : des intervenantes et "
            "intervenants spécialisés donnent suite aux signalements d’exploitation sexuelle ou de "
            "traite d’enfants ou de jeunes.",
        ),
        (
            "{motif} Child Advocacy Centre",
            "A child advocacy centre in {place} where police, child protection, health and victim "
            "services meet a child under one roof, so the child tells their story once.",
            "Un centre d’appui aux enfants {at_place} où la police, la protection de l’enfance, la "
            "santé et les services aux victimes rencontrent l’enfant sous un même toit, pour que "
            "l’enfant ne raconte son histoire qu’une seule fois.",
        ),
        (
            "{motif} Children's Aid Society",
            "Protects children and youth in and around {place}, with a team dedicated to young "
            "people who are sexually exploited, trafficked or missing from care.",
            "Protège les enfants et les jeunes {at_place} et dans les environs, avec une équipe "
            "consacrée aux jeunes qui sont exploités sexuellement, victimes de traite ou portés "
            "disparus de leur milieu de placement.",
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
            "Soutient les survivantes et survivants de violence sexuelle et de traite {at_place} "
            "dès le premier appel, tout au long des démarches policières et judiciaires, et après.",
        ),
        (
            "{motif} Anti-Trafficking Response Network",
            "A response network in {province} that connects trafficked and sexually exploited "
            "people with safety planning, shelter, legal help and case management.",
            "Un réseau d’intervention {in_province} qui met les personnes victimes de traite et "
            "d’exploitation sexuelle en contact avec des services de planification de la sécurité, "
            "d’hébergement, d’aide juridique et de gestion de cas.",
        ),
        (
            "{motif} Sexual Assault Centre",
            "A sexual assault centre in {place} offering a support line, accompaniment and "
            "advocacy to survivors of all ages and genders.",
            "Un centre d’aide aux victimes d’agression sexuelle {at_place} qui offre une ligne de "
            "soutien, de l’accompagnement et de la défense des droits aux personnes survivantes de "
            "tous âges et de tous genres.",
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
