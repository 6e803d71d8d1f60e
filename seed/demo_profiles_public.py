"""Demo profiles of public-life sectors: media, research, government, community and faith."""

from __future__ import annotations

from directory.models import ReferralMethod as Referral
from seed.demo_text import PARTNER_PRACTICE, SectorProfile
from seed.demo_text import ServiceTemplate as Service

MEDIA = SectorProfile(
    sector="media-journalism",
    variants=(
        (
            "{motif} Trauma-Informed Reporting Network",
            "Trains journalists in {province} to report on trafficking and child sexual "
            "exploitation accurately, without sensationalism and without re-identifying survivors.",
            "Forme les journalistes {in_province} à couvrir la traite et l’exploitation sexuelle "
            "des enfants avec exactitude, sans sensationnalisme et sans permettre de réidentifier "
            "les survivantes et survivants.",
        ),
        (
            "{motif} Community Radio",
            "Community radio in {place} that airs prevention programming made with young people "
            "and survivors, in the languages of its listeners.",
            "Une radio communautaire {at_place} qui diffuse des émissions de prévention réalisées "
            "avec des jeunes et des survivantes et survivants, dans les langues de son auditoire.",
        ),
        (
            "{motif} Youth Media Lab",
            "A community media lab in {place} where young people make prevention campaigns in "
            "their own words.",
            "Un laboratoire de médias communautaires {at_place} où des jeunes créent des campagnes "
            "de prévention dans leurs propres mots.",
        ),
    ),
    min_population=10_000,
    services=(
        Service(
            "Trauma-informed reporting training",
            "Language, consent and safety when interviewing survivors; why we say child sexual "
            "abuse material.",
            ("professional-training",),
            ("young-adults-18-24",),
            Referral.PROFESSIONAL,
            fees="Free for newsrooms under 20 staff",
            online=True,
        ),
        Service(
            "Youth prevention campaigns",
            "Young people write and produce awareness campaigns for their own communities.",
            ("prevention-education", "peer-support"),
            ("youth-12-17", "young-adults-18-24"),
            Referral.SELF,
        ),
        Service(
            "Survivor media liaison",
            "Prepares and accompanies survivors who choose to speak with the media.",
            ("peer-support", "court-victim-support"),
            ("young-adults-18-24", "girls-women"),
        ),
    ),
    related_sectors=("survivor-led",),
    reach="provincial",
    practice=PARTNER_PRACTICE,
)

RESEARCH = SectorProfile(
    sector="research-academia",
    variants=(
        (
            "{motif} Institute for Child Safety Research",
            "Researchers in {place} who study how children and youth are recruited into sexual "
            "exploitation, online and offline, and evaluate the programs that help them.",
            "Des chercheuses et chercheurs {at_place} qui étudient comment les enfants et les "
            "jeunes sont recrutés à des fins d’exploitation sexuelle, en ligne et hors ligne, et "
            "qui évaluent les programmes qui leur viennent en aide.",
        ),
        (
            "{motif} University — Centre for Research on Exploitation",
            "A university research centre in {place} that studies trafficking and online child "
            "sexual exploitation with survivors as partners.",
            "Un centre de recherche universitaire {at_place} qui étudie la traite de personnes et "
            "l’exploitation sexuelle des enfants en ligne en partenariat avec des survivantes et "
            "survivants.",
        ),
        (
            "{motif} Community-Based Research Partnership",
            "A community-based research partnership in {province}, guided by survivors and "
            "Indigenous communities, that turns evidence into practice.",
            "Un partenariat de recherche communautaire {in_province}, guidé par des survivantes et "
            "survivants et des communautés autochtones, qui transforme les données probantes en "
            "pratiques.",
        ),
    ),
    min_population=50_000,
    services=(
        Service(
            "Program evaluation support",
            "Free evaluation design for frontline programs, with survivor-informed methods.",
            ("professional-training",),
            ("youth-12-17",),
            Referral.PROFESSIONAL,
            fees="Free for non-profits",
            online=True,
        ),
        Service(
            "Data briefings for professionals",
            "Plain-language briefings on recruitment patterns and who is most at risk.",
            ("professional-training", "prevention-education"),
            ("families-caregivers",),
            Referral.PROFESSIONAL,
            online=True,
        ),
        Service(
            "Youth research advisory circle",
            "Paid positions for young people with lived experience to shape research.",
            ("peer-support", "employment-life-skills"),
            ("young-adults-18-24",),
            Referral.SELF,
            fees="Participants are paid an honorarium",
        ),
    ),
    related_sectors=("education",),
    reach="national",
    practice=PARTNER_PRACTICE,
)

GOVERNMENT = SectorProfile(
    sector="government-policy",
    variants=(
        (
            "{motif} Anti-Trafficking Coordination Office",
            "Coordinates the response to human trafficking across {province}: funding, protocols "
            "and a table where police, health, education and community partners plan together.",
            "Coordonne l’intervention contre la traite de personnes partout {in_province} : "
            "financement, protocoles et une table de concertation où les partenaires de la police, "
            "de la santé, de l’éducation et du milieu communautaire planifient ensemble.",
        ),
        (
            "{motif} Regional Community Safety Table",
            "A community safety table in {place} where agencies meet weekly to act early when a "
            "young person is at acute risk of exploitation.",
            "Une table de sécurité communautaire {at_place} où les organismes se réunissent chaque "
            "semaine pour agir tôt lorsqu’une ou un jeune court un risque aigu d’exploitation.",
        ),
        (
            "{motif} Office of the Child and Youth Advocate",
            "An independent office in {province} that speaks up for children and youth in care, "
            "including those who have been sexually exploited.",
            "Un bureau indépendant {in_province} qui se porte à la défense des enfants et des "
            "jeunes placés, y compris de ceux qui ont été exploités sexuellement.",
        ),
    ),
    min_population=20_000,
    services=(
        Service(
            "Interagency coordination table",
            "Agencies bring situations of acute risk and leave with a coordinated plan.",
            ("case-management",),
            ("youth-12-17",),
            Referral.PROFESSIONAL,
            hours="Weekly, Thursdays 9:30–11:00",
        ),
        Service(
            "Funding and protocol navigation",
            "Help for organizations applying for anti-trafficking funds or writing protocols.",
            ("professional-training",),
            ("families-caregivers",),
            Referral.PROFESSIONAL,
            online=True,
        ),
        Service(
            "Youth advocacy",
            "Independent advocates who help young people in care be heard.",
            ("court-victim-support", "case-management"),
            ("children-under-12", "youth-12-17"),
            Referral.SELF,
        ),
    ),
    related_sectors=("policing", "child-protection"),
    reach="provincial",
    practice=PARTNER_PRACTICE,
)

COMMUNITY_FAITH = SectorProfile(
    sector="community-faith",
    variants=(
        (
            "{motif} Interfaith Anti-Trafficking Coalition",
            "Faith communities in {place} working together to prevent trafficking: awareness, "
            "safeguarding in youth groups and practical support for survivors.",
            "Des communautés de foi {at_place} qui unissent leurs efforts pour prévenir la traite "
            ": sensibilisation, mesures de protection dans les groupes de jeunes et soutien "
            "concret aux survivantes et survivants.",
        ),
        (
            "{motif} Neighbourhood House",
            "A neighbourhood house in {place} with a youth drop-in, meals and adults trained to "
            "notice when a young person is being groomed.",
            "Une maison de quartier {at_place} avec une halte-accueil pour les jeunes, des repas "
            "et des adultes formés pour remarquer quand une ou un jeune fait l’objet de "
            "manipulation (grooming).",
        ),
        (
            "{motif} Youth Sports Safeguarding Program",
            "Helps sports clubs in {place} keep young athletes safe: screening coaches, clear "
            "rules and a way to raise concerns.",
            "Aide les clubs sportifs {of_place} à assurer la sécurité des jeunes athlètes : "
            "filtrage des entraîneuses et entraîneurs, règles claires et un moyen de faire part de "
            "ses préoccupations.",
        ),
    ),
    services=(
        Service(
            "Youth drop-in",
            "After-school space with meals, homework help and trusted adults.",
            ("peer-support", "prevention-education"),
            ("children-under-12", "youth-12-17"),
            Referral.SELF,
            hours="Monday–Friday, 15:00–20:00",
        ),
        Service(
            "Safeguarding training for volunteers",
            "Screening, codes of conduct and how to respond to a disclosure.",
            ("professional-training",),
            ("families-caregivers",),
            fees="Free for congregations and clubs",
            online=True,
        ),
        Service(
            "Essentials for survivors",
            "Food, clothing, transit passes and a welcoming community, no questions asked.",
            ("exit-transition-support",),
            ("girls-women", "newcomers-migrants"),
        ),
    ),
    related_sectors=("social-family",),
)

PUBLIC_PROFILES = (MEDIA, RESEARCH, GOVERNMENT, COMMUNITY_FAITH)
