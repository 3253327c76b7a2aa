"""English words that deny, negate or qualify: denials of a report, negations a misquote drops, qualifiers
it cuts before.

Read by the cue roles (is a quote a denial), the quote comparison (``text.compare``: a dropped "not" is a
misquote), and the cross-document links (``links.relations``, ``links.denials``, ``links.story``).
"""

from __future__ import annotations

import re

# Cues that deny or reject whatever they introduce.
DENIAL_CUE_PATTERN = re.compile(
    r"\b(den(y|ies|ied|ying|ial)|dismiss\w*|reject\w*|refut\w*|disput\w*|rebut\w*"
    r"|contradict\w*|push(ed|es|ing)?\s+back|called\b.*\b(false|fake|fabricated|untrue"
    r"|baseless|a\s+lie|lies|a\s+hoax|nonsense))\b",
    re.IGNORECASE,
)
# Content that denies an event or a report. Deliberately narrow: a bare "not" is no denial
# ("I do not agree", "we will not hit you"); these phrases deny that something happened, was
# said or is genuine.
DENIAL_CONTENT_PATTERN = re.compile(
    r"\bthere\s+(was|were|had\s+been|has\s+been|have\s+been)\s+no\b"
    r"|\bno\s+such\b|\bnothing\s+of\s+the\s+(sort|kind)\b|\bno\s+(truth|basis)\b"
    r"|\bnever\s+(took\s+place|happened|occurred|existed|said|told|met|spoke|discussed"
    r"|promised|made)\b"
    r"|(?<!nearly\s)(?<!almost\s)\b(did|does|do)\s*(not|n't)\s+(happen|take\s+place|exist|occur)\b"
    r"|\b(is|are|was|were|'s|'re)\s+((completely|totally|entirely|utterly|simply|absolutely)\s+)?"
    r"(fake|false|untrue|fabricated|baseless|groundless|a\s+(?:(?:crude|clumsy|cheap|complete|total|obvious)\s+)?"
    r"(forgery|fabrication|hoax|lie|fake))\b"
    # "the voice was not his", "that is not me on the tape": the recording is someone else
    r"|\b(voice|recording|tape|clip|audio)\s+(is|was)\s+not\s+(his|hers|mine|theirs|him|her|me)\b"
    r"|\b(that|this|it)\s+(is|was|'s)\s+not\s+(me|him|her)\s+on\s+the\s+(tape|recording|clip|audio|video)\b"
    r"|\bnot\s+true\b|n't\s+true\b|\bfake\s+news\b|\bcategorically\b"
    r"|\b(i|we)\s+((strongly|firmly|flatly)\s+)?(deny|reject|refute)\b"
    # Denials that never say "deny": not knowing of it, never having done it, a record tampered with.
    r"|\bnot\s+aware\s+of\s+any\b|\bno\s+(knowledge|record|recollection)\s+of\b"
    r"|\b(has|have|had|was|were|is|are|he|she|i|we|they|it)\s+never\s+(\w+ly\s+)?"
    r"(received|offered|accepted|took|taken|spoke|spoken|threatened|gave|given|asked|sought|paid|met"
    r"|instructed|ordered|authori[sz]ed|agreed|promised|discussed|said|told|saw|seen|set\s+foot|been)\b"
    r"|\bnever\s+(offered|took|accepted|threatened)\s+(anyone|anything|a\s+penny|money)\b"
    r"|\b(selectively|heavily|deceptively|crudely)\s+(edited|clipped|cut)\b|\bdoctored\b|\bcut\s+and\s+spliced\b"
    r"|\bout\s+of\s+context\b|\bfabricat\w+|\bforger(y|ies)\b|\bforged\b|\bmaking\s+(things|it)\s+up\b"
    r"|\bmade\s+(it|that|this|the\s+whole\s+thing)\s+up\b|\bmisremember\w*|\bmisunderst(ood|anding)\b|\bmisrepresent\w*"
    r"|\bat\s+no\s+(point|time|stage)\b|\bnot\s+what\s+(i|we|he|she)\s+said\b"
    r"|(?<!^)(?<![.!?] )(?<!\bjust )(?<!\bplease )\b(did|do|does)\s*(not|n't)\s+do\s+(it|that|this|anything)\b"
    r"|\bno\s+(promise|offer|request|threat|payment|deal|meeting|call|contact|instruction|approach)s?\b"
    r"(\s+of\s+any\s+kind)?\s+(was|were|has\s+been|had\s+been|ever)\b"
    r"|\bno\s+one\b[^.]{0,40}\b(has|had)\s+ever\b"
    # Calling the report wrong, the evidence missing, or the recording not genuine.
    r"|\b(is|are|was|were|'s|'re)\s+((completely|totally|entirely|simply|wholly)\s+)?(wrong|incorrect"
    r"|inaccurate|unfounded|a\s+(smear|distortion|misrepresentation|fiction|fantasy|invention))\b"
    r"|\bnot\s+(accurate|correct)\b|\bnever\s+(been\s+)?true\b|\b(did|does|do)\s*(not|n't)\s+recall\b|\b(pure|complete|total)\s+(fiction|fantasy|invention)\b"
    r"|\bwithout\s+(any\s+)?(foundation|basis)\b|\bno\s+evidence\s+(of|that|to)\b"
    r"|\b(ai|computer)[-\s](generated|made)\b|\bdeep\s?fake\b|\bsynthetic(ally)?\s+(audio|voice|generated)\b"
    r"|\b(has|have|had)\s*(not|n't)\s+(met|spoken|received|accepted|taken|offered|promised)\b"
    r"|\b(has|have|had|did)\s*(not|n't)\s+(carried\s+out|conducted|done|made|sent|signed|paid|given|held)\s+any\b"
    r"|\bnever\s+(done|did)\s+(so|that|it|anything\s+of\s+the\s+(sort|kind))\b"
    # Words said in jest, for effect or to show off; the leak planted; the conduct above board.
    r"|\b(in|as\s+a)\s+jest\b|\b(was|were|is)\s+(just\s+|only\s+|merely\s+)?(a\s+)?(joke|joking|banter)\b"
    r"|\bfor\s+effect\b|\bshowing\s+off\b|\bbravado\b|\bplanted\s+by\b|\bpolitically\s+motivated\b"
    r"|\bsour\s+grapes\b|\b(complete|full|total)\s+transparency\b|\babove\s+board\b"
    r"|\b(acted|behaved)\s+((entirely|wholly|at\s+all\s+times)\s+)?(properly|appropriately|lawfully)\b"
    r"|\bnot\s+(language|words?|something)\s+(i|we|he|she)\s+(use|would\s+use|would\s+say)\b"
    # Nothing of it happened, nobody said it, the speaker knows nothing of it.
    r"|\bnone\s+of\s+(it|this|that|these)\s+(happened|is\s+true|took\s+place)\b|\bnobody\s+(mentioned|said|asked)\b"
    r"|\bno\s+(idea|memory|recollection)\s+(whatsoever\s+)?(of|who|about)\b|\b(has|have|had)\s+been\s+misled\b"
    r"|\b(never|not)\s+been\s+(told|informed|made\s+aware)\b|\b(done|did)\s+nothing\s+wrong\b"
    r"|\b(reject|dispute|refute|contest)(s|ed|ing)?\s+(the|every|any|all|his|her|their|its|these|those|this|that)\b"
    # A recording not genuine, or made by a machine.
    r"|\bnot\s+(genuine|authentic|real)\b|\bstitched\s+together\b|\bsplic(ed|ing)\b"
    r"|\bcut\s+to\s+(remove|change|distort)\b"
    r"|\b(been|was|were|is|are)\s+[\"“‘']?(cut|edited|clipped)\s+to\s+(make|mislead|suit|ribbons|pieces)\b"
    r"|\b(manipulated|altered)\s+(audio|video|recording|footage|clip)\b"
    r"|\b(produced|made|created|generated|faked)\s+(with|using|by)\s+(artificial\s+intelligence|ai)\b"
    r"|\bno\s+(sign|trace)\s+of\b"
    # The general English forms: an act said never to have been done ("I have never cheated", "he never opened
    # it"), nothing or nobody acted on ("nothing was cut", "nobody was promised anything"), a report called
    # wrong in so many words.
    r"|\b(has|have|had|i|we|he|she|they|it|you)\s+never\s+(\w+ly\s+)?[a-z]+(ed|en)\b"
    r"|\b(has|have|had|i|we|he|she|they|it|you)\s+never\s+(\w+ly\s+)?(rung|rang|sent|sold|bought|hid|lied|stole|"
    r"broke|spent|lent|struck|brought|sought|held|led|dealt|swore|threw)\b"  # the irregular ones: "never rung"
    r"|\b(nothing|nobody|no\s+one)\s+(was|were|has\s+been|had\s+been|is\s+being)\s+[a-z]+(ed|en|t)\b"
    r"|\bnobody\b[^.]{0,40}\b(has|had)\s+ever\b"
    # "We would never issue an instruction of that kind": the act said to be one the speaker would not do
    r"|\b(i|we|he|she|they|it)\s+(would|will)\s+never\s+(issue|order|instruct|authori[sz]e|sanction|condone|"
    r"offer|threaten|pay)\b"
    # "nobody in my office asked anyone to change a single figure": an act nobody did to anybody
    r"|\b(nobody|no\s+one)\b[^.,;]{0,40}?\b(asked|told|ordered|instructed|pressured|offered|paid|promised|"
    r"threatened)\s+(anyone|anybody)\b"
    r"|\b(is|are|was|were|'s|'re)\s+(\w+ly\s+)?(mistaken|nonsense|a\s+nonsense|invented|made\s+up)\b"
    r"|\b(is|are|was|were|'s|'re)\s+\w+ly\s+misleading\b"  # "deliberately misleading"; not "is misleading us"
    r"|\b(complete|utter|total|absolute)\s+nonsense\b|\bwork\s+of\s+fiction\b|\bnowhere\s+near\b"
    r"|\b(does|do|did)\s*(not|n't)\s+recogni[sz]e\b|\bnot\s+what\s+was\s+said\b"
    r"|\b(no|any)\s+(role|part|involvement|hand)\s+(whatsoever\s+)?in\b|\bno\s+role\s+whatsoever\b"
    # Nothing of the kind found or received, an event that never came about, never once done.
    r"|\b(had|has|have)\s+(received|found|seen|recorded|logged)\s+no\b"
    r"|\bno\s+(\w+\s+){0,6}?(had|has|have)\s+(been\s+[a-z]+(ed|en)|taken\s+place)\b"
    r"|\bnever\s+(once|in\s+(his|her|my|their|our|your)\s+life)\b|\b(strongly\s+)?disagree(s|d)?\s+with\b"
    # A recording cut to mislead, a record that does not bear the report out, a report wide of the mark.
    r"|\bedited\s+to\s+(mislead|deceive|distort)\b|\bcherry[-\s]picked\b|\bstripped\s+of\s+(any|all)\s+context\b"
    r"|\bbears?\s+no\s+(resemblance|relation)\s+to\b|\b(does|do|did)\s*(not|n't)\s+match\s+(the|our|its|their|his|her)\b"
    r"|\b(is|are|was|were|'s|'re)\s+(\w+ly\s+)?an\s+(invention|exaggeration)\b|\bwide\s+of\s+the\s+mark\b"
    r"|\bnot\s+a\s+(true\s+|fair\s+)?reflection\s+of\b",
    re.IGNORECASE,
)
# A content that is the verdict itself: dismissed as "false and dangerous", called it "simply false".
DENIAL_VERDICT = re.compile(
    r"((simply|completely|totally|utterly|entirely|deliberately)\s+)?(false|untrue|fake|baseless|groundless|nonsense"
    r"|a\s+lie|lies|a\s+(fabrication|fiction|fantasy|hoax|smear|forgery|fake|nonsense)|unfounded|misleading|wrong"
    r"|inaccurate|ridiculous|absurd|defamatory|libellous|insulting|laughable)\b",
    re.IGNORECASE)
NEGATIONS = frozenset({"not", "n't", "no", "never", "nobody", "nothing", "none", "nor", "neither", "cannot", "without"})
# Words that limit what comes before them: cutting a quote just before one changes what it claims.
QUALIFIERS = frozenset(
    "but unless if although though except only provided until however while whereas yet because so".split()
)
NEGATION_PATTERN = re.compile(r"\b(?:not|no|never|nobody|nothing|none|neither|nor|without|deny|denies|denied|false|"
                              r"untrue|fake)\b|n't\b", re.IGNORECASE)
# What a spokesperson says instead of "no": a denial need not contain "deny" or "not".
DENIAL_WORDING = re.compile(r"\b(?:den(?:y|ies|ied|ial)|not aware|no (?:such|evidence|truth|basis|record|knowledge)|"
                            r"never (?:happened|took place|met|said)|(?:false|untrue|baseless|fabricated|groundless|"
                            r"unfounded|nonsense)\b|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:e|es|ed)|"
                            r"disput(?:e|es|ed)|categorically|rumou?rs?)", re.IGNORECASE)
NOT_GENUINE = re.compile(r"\b(?:fake|faked|forg\w*|doctored|fabricat\w*|manipulated|deepfake|synthetic|"
                         r"ai-(?:made|generated)|edited|spliced|not authentic|inauthentic|out of context)\b",
                         re.IGNORECASE)
RECORDING_WORDS = re.compile(r"\b(?:recording|recorded|audio|tape|taped|clip|video|footage|voice ?note|voicemail|"
                             r"message|leaked)\b", re.IGNORECASE)
