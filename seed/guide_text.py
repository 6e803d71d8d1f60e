"""Demo text of the sector guides and duties to report: SAMPLE TEXT, marked so on every page.

Nothing here is written or checked by people of a sector. It may state only facts with a
cited public source (each section's ``sources``); where a fact is not sure — which section
of which provincial act, who exactly must report to whom — it says "to be confirmed by
people of this sector" instead. The sector-specific parts are prompts for those people.
"""

from __future__ import annotations

# Public sources, cited by the sections that use them.
CYBERTIP = (
    "[Cybertip.ca — Canada’s national tipline for reporting the online sexual exploitation "
    "of children (Canadian Centre for Child Protection)](https://www.cybertip.ca/)"
)
HOTLINE = (
    "[Canadian Human Trafficking Hotline, "
    "1-833-900-1010](https://www.canadianhumantraffickinghotline.ca/)"
)
PUBLIC_SAFETY = (
    "[Public Safety Canada — Human "
    "trafficking](https://www.publicsafety.gc.ca/cnt/cntrng-crm/hmn-trffckng/index-en.aspx)"
)
CODE_279_011 = (
    "[Criminal Code, s. 279.011 — Trafficking of a person under the age of eighteen "
    "years](https://laws-lois.justice.gc.ca/eng/acts/c-46/section-279.011.html)"
)
CODE_279_01 = (
    "[Criminal Code, s. 279.01 — Trafficking in "
    "persons](https://laws-lois.justice.gc.ca/eng/acts/c-46/section-279.01.html)"
)
CODE_172_1 = (
    "[Criminal Code, s. 172.1 — Luring a "
    "child](https://laws-lois.justice.gc.ca/eng/acts/c-46/section-172.1.html)"
)

# The acts of the provinces whose official page we cite; elsewhere "to be confirmed".
PROVINCIAL_ACTS = {
    "BC": (
        "Child, Family and Community Service Act",
        "Loi sur les services à l’enfance, à la famille et à la communauté",
        "https://www.bclaws.gov.bc.ca/civix/document/id/complete/statreg/96046_01",
    ),
    "ON": (
        "Child, Youth and Family Services Act, 2017",
        "Loi de 2017 sur les services à l’enfance, à la jeunesse et à la famille",
        "https://www.ontario.ca/laws/statute/17c14",
    ),
    "QC": (
        "Youth Protection Act (chapter P-34.1)",
        "Loi sur la protection de la jeunesse (chapitre P-34.1)",
        "https://www.legisquebec.gouv.qc.ca/en/document/cs/P-34.1",
    ),
    "MB": (
        "The Child and Family Services Act (C.C.S.M. c. C80)",
        "Loi sur les services à l’enfant et à la famille (C.P.L.M. c. C80)",
        "https://web2.gov.mb.ca/laws/statutes/ccsm/c080e.php",
    ),
}

# The sectors each sector's Refer part brings in (structure, not fact: editors change it).
REFERRALS = {
    "policing": ["victim-services", "child-protection", "health-care", "survivor-led"],
    "health-care": ["child-protection", "victim-services", "mental-health", "policing"],
    "mental-health": ["health-care", "survivor-led", "child-protection", "housing-shelter"],
    "education": ["child-protection", "mental-health", "policing", "technology-online-safety"],
    "child-protection": ["policing", "health-care", "victim-services", "indigenous"],
    "legal-justice": ["victim-services", "survivor-led", "child-protection", "policing"],
    "victim-services": ["health-care", "housing-shelter", "legal-justice", "survivor-led"],
    "survivor-led": ["housing-shelter", "mental-health", "victim-services", "legal-justice"],
    "indigenous": ["child-protection", "health-care", "survivor-led", "housing-shelter"],
    "social-family": ["child-protection", "housing-shelter", "mental-health", "education"],
    "housing-shelter": ["victim-services", "health-care", "child-protection", "survivor-led"],
    "technology-online-safety": ["policing", "child-protection", "education", "victim-services"],
    "finance": ["policing", "victim-services", "legal-justice", "government-policy"],
    "media-journalism": ["survivor-led", "victim-services", "research-academia", "legal-justice"],
    "research-academia": ["survivor-led", "government-policy", "indigenous", "victim-services"],
    "government-policy": ["survivor-led", "indigenous", "research-academia", "child-protection"],
    "community-faith": ["child-protection", "victim-services", "housing-shelter", "survivor-led"],
}

RECOGNIZE_EN = (
    "**To be written by people of this sector ({sector}):** what a professional of this "
    "sector sees — signs, the stages of risk (recruitment, grooming, control, "
    "exploitation), offline and online.\n"
    "\n"
    "Facts with a public source, for every sector:\n"
    "\n"
    "- Trafficking a person under eighteen is a distinct offence in the Criminal Code (s. "
    "279.011).\n"
    "- Luring a child by means of telecommunication is an offence (Criminal Code, s. "
    "172.1): exploitation often starts online.\n"
    "- Public Safety Canada publishes indicators of human trafficking; start there, and "
    "check them with people of this sector."
)

RECOGNIZE_FR = (
    "**À rédiger par des personnes de ce secteur ({sector}) :** ce que voit une ou un "
    "professionnel de ce secteur — signes, étapes du risque (recrutement, manipulation, "
    "contrôle, exploitation), hors ligne et en ligne.\n"
    "\n"
    "Faits appuyés par une source publique, pour tous les secteurs :\n"
    "\n"
    "- La traite d’une personne de moins de dix-huit ans est une infraction distincte du "
    "Code criminel (art. 279.011).\n"
    "- Le leurre d’un enfant au moyen d’un moyen de télécommunication est une infraction "
    "(Code criminel, art. 172.1) : l’exploitation commence souvent en ligne.\n"
    "- Sécurité publique Canada publie des indicateurs de la traite de personnes; "
    "commencez par là, et vérifiez-les avec des personnes de ce secteur."
)

RESPOND_EN = (
    "**To be written by people of this sector ({sector}):** the first steps, what not to "
    "do, and the words to use.\n"
    "\n"
    "- If a child or youth is in immediate danger, call 911.\n"
    "- Children cannot consent to their own exploitation. Never ask or suggest whether "
    "they agreed; never blame them.\n"
    "- Say “child sexual abuse material”, never “child pornography”; speak of a child or "
    "youth who is trafficked or exploited.\n"
    "- Online sexual exploitation of a child can be reported to Cybertip.ca; the Canadian "
    "Human Trafficking Hotline (1-833-900-1010) takes calls about trafficking.\n"
    "- Your duty to report is below, for your province or territory."
)

RESPOND_FR = (
    "**À rédiger par des personnes de ce secteur ({sector}) :** les premiers gestes, ce "
    "qu’il ne faut pas faire, et les mots à employer.\n"
    "\n"
    "- Si un enfant ou un jeune est en danger immédiat, composez le 911.\n"
    "- Un enfant ne peut pas consentir à sa propre exploitation. Ne demandez jamais et ne "
    "laissez jamais entendre qu’il était d’accord; ne le blâmez jamais.\n"
    "- Dites « matériel d’abus sexuel d’enfants », jamais « pornographie juvénile »; "
    "parlez d’un enfant ou d’un jeune victime de traite ou d’exploitation.\n"
    "- L’exploitation sexuelle d’un enfant en ligne peut être signalée à Cyberaide.ca; la "
    "Ligne d’urgence canadienne contre la traite des personnes (1-833-900-1010) reçoit les "
    "appels sur la traite.\n"
    "- Votre obligation de signaler figure plus bas, pour votre province ou territoire."
)

REFER_EN = (
    "**To be written by people of this sector ({sector}):** whom this sector brings in, "
    "when, and how to make a warm handoff.\n"
    "\n"
    "Below: a search for partners of each sector near your place, and your local response "
    "card."
)

REFER_FR = (
    "**À rédiger par des personnes de ce secteur ({sector}) :** qui ce secteur fait "
    "intervenir, à quel moment, et comment accompagner la personne vers ce partenaire.\n"
    "\n"
    "Ci-dessous : une recherche de partenaires de chaque secteur près de chez vous, et la "
    "fiche d’intervention locale."
)

DUTY_EN = (
    "**To be confirmed by people of this sector:** who must report, to whom, how fast, and "
    "what the law of {province} asks.\n"
    "\n"
    "{act}\n"
    "\n"
    "- If a child or youth is in immediate danger, call 911.\n"
    "- Online sexual exploitation of a child can be reported to Cybertip.ca.\n"
    "- The Canadian Human Trafficking Hotline: 1-833-900-1010."
)

DUTY_FR = (
    "**À confirmer par des personnes de ce secteur :** qui doit signaler, à qui, dans quel "
    "délai, et ce que la loi de la province ou du territoire ({province}) exige.\n"
    "\n"
    "{act}\n"
    "\n"
    "- Si un enfant ou un jeune est en danger immédiat, composez le 911.\n"
    "- L’exploitation sexuelle d’un enfant en ligne peut être signalée à Cyberaide.ca.\n"
    "- Ligne d’urgence canadienne contre la traite des personnes : 1-833-900-1010."
)

ACT_EN = (
    "The duty to report is set out in the {name} (source below); which section applies is "
    "to be confirmed by people of this sector."
)
ACT_FR = (
    "L’obligation de signaler est prévue par la {name} (source ci-dessous); l’article "
    "applicable reste à confirmer par des personnes de ce secteur."
)
NO_ACT_EN = (
    "Which act sets out the duty to report here, and its official source, are to be added "
    "by people of this sector."
)
NO_ACT_FR = (
    "La loi qui prévoit ici l’obligation de signaler, et sa source officielle, restent à "
    "ajouter par des personnes de ce secteur."
)


def sources(*items: str) -> str:
    return "\n".join(f"- {item}" for item in items)
