"""One person across documents: "Victor Hale", "Governor Hale" and "Hale" in three outlets are one.

Each document already resolves its own mentions to people with a canonical name. Across documents the
same person can carry another canonical name ("Emil Brenner" in one outlet, "Brenner" in another).
People of the same kind merge when their names agree word for word, or when one name's words are the
end of the other's ("Brenner" and "Emil Brenner") and no other person of the story with a full name
ends that way too: a bare "Clinton" beside both "Hillary Clinton" and "Bill Clinton" stays apart.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from veracity.model import Document

_TITLES = frozenset(
    "mr mrs ms miss dr sir dame president vice former prime minister sen senator rep representative gov governor "
    "secretary general gen judge justice mayor spokesman spokeswoman spokesperson chancellor king queen prince "
    "foreign ministry the".split()
)
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class StoryPerson:
    """A person (or organisation) as the whole story knows them."""

    id: str
    name: str
    type: str
    names: set[str] = field(default_factory=set)  # every name any document used
    members: list[tuple[str, str]] = field(default_factory=list)  # (document id, that document's person id)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type, "names": sorted(self.names),
                "in_documents": sorted({doc for doc, _ in self.members})}


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name without titles and case: ("emil", "brenner") for "President Emil Brenner"."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(name)]
    words = [w.removesuffix("'s") for w in words]
    while words and words[0] in _TITLES:
        words = words[1:]
    return tuple(words)


def merge_people(documents: list[Document]) -> tuple[list[StoryPerson], dict[tuple[str, str], str]]:
    """The story's people, and a map from (document id, person id) to the story person's id."""
    entries = [(doc.id, person) for doc in documents for person in doc.people if name_words(person.name)]
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_words: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for index, (_, person) in enumerate(entries):
        by_words[(name_words(person.name), _kind(person.type))].append(index)
    for group in by_words.values():
        for other in group[1:]:
            parent[find(other)] = find(group[0])
    full_names = [key for key in by_words if len(key[0]) > 1]
    for key, group in by_words.items():
        words, kind = key
        longer = [k for k in full_names if k[1] == kind and len(k[0]) > len(words) and k[0][-len(words):] == words]
        if len(longer) == 1:
            parent[find(group[0])] = find(by_words[longer[0]][0])
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(entries)):
        clusters[find(index)].append(index)
    people, mapping = [], {}
    for members in clusters.values():
        persons = [entries[i][1] for i in members]
        name = max((p.name for p in persons), key=lambda n: (len(name_words(n)), -len(n), n))
        story_id = "story-person-" + hashlib.sha256(name.lower().encode()).hexdigest()[:12]
        merged = StoryPerson(story_id, name, persons[0].type)
        for i in members:
            doc_id, member = entries[i]
            merged.members.append((doc_id, member.id))
            merged.names.update(m.text for m in member.mentions if m.kind == "name")
            merged.names.add(member.name)
            mapping[(doc_id, member.id)] = story_id
        people.append(merged)
    return sorted(people, key=lambda p: p.name), mapping


def _kind(entity_type: str) -> str:
    """PERSON apart from the rest: NER labels one outlet's "Veldt" NORP and another's ORG."""
    return "person" if entity_type == "PERSON" else "other"
