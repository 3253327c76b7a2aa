"""English words for people and organisations: pronouns, titles, sex cues, first names, head nouns.

The speaker resolver (``veracity.text.mentions``, ``veracity.text.speakers``) reads them. Each list is short
on purpose, holding only the words news copy uses to refer back to a speaker.
"""

from __future__ import annotations

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset(
    """
    they them their theirs themselves
    """.split()
)
FIRST_PERSON = frozenset(
    """
    i me my mine myself we us our ours ourselves
    """.split()
) | frozenset(  # "I've told the board …": the tagger's source keeps the contraction
    f"{pronoun}{apostrophe}{verb}"
    for pronoun in ("i", "we") for apostrophe in "'’" for verb in ("ve", "d", "m", "ll", "re")
)
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS

# Words that precede a name as an honorific or office; stripped from canonical names, kept as titles.
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr sir dame president vice former prime minister sen senator rep representative gov
    governor mayor secretary chancellor gen general adm admiral judge justice rev pope king queen prince
    princess sheikh spokesman spokeswoman spokesperson chairman chairwoman speaker leader commissioner
    ambassador attorney candidate nominee ceo lt col capt sgt supt insp prof professor premier first
    lady councillor councilman councilwoman cllr alderman sergeant inspector detective constable
    councilmember assemblymember assemblyman assemblywoman congressman congresswoman superintendent
    sheriff chief coach colonel captain commander marshal brigadier lieutenant corporal bishop archbishop
    cardinal rabbi imam lord baroness baron deputy director trooper magistrate coroner treasurer
    comptroller
    """.split()
)
# A title before a name, and the role noun a story's description uses for the same person ("Dr" / "doctor").
TITLE_ROLES = {"dr": "doctor", "judge": "judge", "prof": "professor", "professor": "professor", "sgt": "sergeant",
               "sergeant": "sergeant", "det": "detective", "detective": "detective", "insp": "inspector",
               "inspector": "inspector", "capt": "captain", "captain": "captain", "coach": "coach"}
MALE_CUES = frozenset(
    """
    mr sir king prince spokesman chairman congressman businessman father husband son brother man
    """.split()
)
FEMALE_CUES = frozenset(
    """
    mrs ms miss dame queen princess spokeswoman chairwoman congresswoman businesswoman mother wife
    daughter sister woman lady actress
    """.split()
)
# Frequent first names of English-language and European news (a name used for both sexes, such as
# "Jordan" or "Andrea", is in neither); pronoun use teaches the rest.
FEMALE_FIRST_NAMES = frozenset(
    """
    hillary elizabeth angela theresa maria marine nancy kamala sarah michelle melania ivanka loretta
    claire susan jill ursula christine anna anne mary jane emily donna ava margaret samantha nikki
    kellyanne helen ruth lucy hannah rachel rebecca laura emma olivia sophie sophia charlotte amelia
    grace alice victoria catherine katherine kate karen linda barbara patricia jennifer jessica amanda
    melissa stephanie nicole heather julia julie caroline carolyn diana diane deborah debbie sandra
    carol joan janet judith judy joanna louise lisa natalie natasha olga irina tatiana svetlana elena
    marta marina anastasia ekaterina yulia galina agnieszka katarzyna magdalena ewa beata monika
    ingrid astrid sigrid birgit ulrike petra sabine claudia silvia sylvie isabelle nathalie valerie
    francesca giulia chiara paola ines carmen lucia pilar rosa ana beatriz fernanda gabriela camila
    priya aisha fatima leila yasmin amina nadia sunita anjali deepa mei yuki aoife siobhan niamh
    carys rhiannon bethan fiona morag eileen maureen sheila brenda gwen megan chloe zoe ella ellie
    harriet miriam esther naomi sara helena johanna katrin kirsten hanna freya sofia mirela daniela
    cerys ffion sian nia eleri catrin seren celia
    """.split()
)
MALE_FIRST_NAMES = frozenset(
    """
    donald barack bill joe mike vladimir emmanuel john james robert michael david george tim bernie
    dmitry sergei recep boris mitt ted paul jeb marco chris josh kevin ed tom jim ronald adam terry
    richard charles thomas christopher daniel matthew anthony mark steven stephen andrew kenneth peter
    brian edward jason gary timothy jeffrey ryan jacob nicholas eric jonathan frank scott justin
    benjamin samuel gregory patrick jack henry harry oliver william alexander nathan simon martin
    nigel neil ian colin graham gerald gordon keith derek trevor barry roger malcolm stuart alan
    philip hugh rupert piers felix oscar otto hans klaus jurgen wolfgang helmut dieter lars anders
    sven nils erik magnus olaf ivan igor oleg viktor victor anton alexei andrei nikolai pavel yuri
    mikhail pierre jean jacques francois nicolas luc giuseppe giovanni luca marco matteo paolo carlos
    jose juan luis miguel pedro pablo rafael antonio manuel diego jorge mohammed muhammad ahmed ali
    omar hassan ibrahim rahul raj arjun vikram sanjay hiroshi kenji wei jonah dean kieran connor
    liam noah ethan lucas leon felipe joaquim uwe gleb rustam colm callum dominic rhys gareth huw dafydd aled
    iwan owen gethin emyr
    """.split()
)
# Head nouns of a description that names an organisation ("the bank", "the campaign").
ORG_NOUNS = frozenset(
    """
    bank union agency company network campaign committee commission group party firm ministry department force
    government administration court council organisation organization association newspaper paper
    website office institute foundation board fund corporation team station broadcaster channel outlet
    magazine site service club league federation bureau trust charity regulator authority watchdog inquiry
    hospital university school embassy parliament cabinet alliance coalition movement front consortium
    """.split()
)
# Head nouns that can describe any named person when no title or apposition says more.
GENERIC_PERSON_NOUNS = frozenset(
    """
    leader politician official man woman figure candidate lawmaker executive billionaire
    """.split()
)
PERSON_NOUNS = (
    TITLE_WORDS
    | GENERIC_PERSON_NOUNS
    | frozenset(
        """
    nominee congressman congresswoman director chief actor actress author lawyer prosecutor diplomat
    businessman businesswoman mogul host anchor reporter journalist economist analyst doctor founder
    adviser advisor aide manager head star singer democrat republican incumbent challenger envoy
    negotiator commander officer strongman tycoon owner wife husband father mother daughter son lady
    activist chair defendant witness judge juror claimant plaintiff barrister solicitor counsel accused
    clerk magistrate coroner detective inspector constable midwife nurse teacher engineer bookkeeper
    accountant banker lobbyist whistleblower campaigner pundit commentator councillor trader farmer
    referee coach player victim neighbour neighbor resident voter protester student worker employee
    driver pilot soldier donor bidder contractor patient passenger caller
    """.split()
    )
)
POST_NOMINALS = frozenset("KC QC MP MEP MSP MS AM SC OBE MBE CBE KBE DBE PhD MD".split())
# Verbs of a headline ("Macron says …"): a name the tagger ran on into one of them is cut before it.
HEADLINE_VERBS = frozenset(
    """
    says said tells told warns calls slams urges denies claims vows rips hits blasts asks
    """.split()
)
