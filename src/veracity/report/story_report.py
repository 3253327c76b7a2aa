"""A story across outlets as text (``veracity dossier --about … --format text``) or JSON."""

from __future__ import annotations

import json

from veracity.links.quote_variants import QuoteRef
from veracity.links.story import Story
from veracity.report.claimreview import to_claimreview


def story_json(story: Story) -> str:
    return json.dumps(story.to_dict(), ensure_ascii=False, indent=2) + "\n"


def story_claimreview(story: Story) -> str:
    """The story's claims that match a stored fact-check, as a JSON-LD list of ClaimReview."""
    urls = {d.id: d.metadata.url for d in story.documents}
    dates = {d.id: d.metadata.published for d in story.documents}
    names = {p.id: p.name for p in story.people}
    reviews = [to_claimreview(claim.text, claim.matches[0].factcheck, speaker=names.get(claim.speaker or ""),
                              appearance=urls.get(claim.document), date=dates.get(claim.document))
               for claim in story.claims if claim.matches]
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def story_text(story: Story) -> str:
    """Outlets, people, printings that differ from the fullest one, denials and the timeline."""
    lines = [f"Story: {story.about}", ""]
    lines.append(f"Documents ({len(story.documents)}):")
    for doc in story.documents:
        meta = doc.metadata
        lines.append(f"  {meta.published or 'undated'}  {meta.site_name or '?'}  {meta.title or '(untitled)'}")
    # Who speaks in the story (``speaker_of`` maps every person of every document, not only speakers: a town
    # named in two outlets is no one to follow across them).
    speakers = {story.speaker_of.get((doc.id, quote.speaker.id)) for doc in story.documents for quote in doc.quotes
                if quote.speaker is not None}
    people = [p for p in story.people if p.id in speakers and len({d for d, _ in p.members}) > 1]
    if people:
        lines += ["", "People named in several documents:"]
        for person in people:
            others = sorted(person.names - {person.name})
            aka = f" (also {', '.join(others)})" if others else ""
            lines.append(f"  {person.name}{aka}: in {len({d for d, _ in person.members})} documents")
    if story.variants:
        lines += ["", "Quote printings compared with the fullest one:"]
        for variant in story.variants:
            comparison = variant.comparison
            lines.append(f"  {variant.variant.outlet or '?'} against {variant.reference.outlet or '?'}: "
                         f"{comparison.verdict.upper()}{' (misquote)' if comparison.is_misquote else ''}")
            lines.append(f"    printed:  “{variant.variant.text}”")
            lines.append(f"    fullest:  “{variant.reference.text}”")
            for edit in comparison.edits:
                detail = f" — {edit.detail}" if edit.detail else ""
                lines.append(f"    · {edit.type.replace('_', ' ')}: “{edit.original}” → “{edit.printed}”{detail}")
    names = {p.id: p.name for p in story.people}

    def who(ref: QuoteRef) -> str:  # who said it, and where it was printed: what a reader checks first
        return f"{names.get(ref.speaker_id or '', 'unattributed')} ({ref.outlet or 'outlet unknown'})"

    if story.denials:
        lines += ["", "Denials and what they deny:"]
        for link in story.denials:
            lines.append(f"  {who(link.denial)}: “{link.denial.text}”")
            lines.append(f"    {link.kind} {who(link.target)}: “{link.target.text}” ({link.reason})")
    if story.conflicts:
        lines += ["", "Statements that may conflict (contradiction judge; leads to check):"]
        for conflict in story.conflicts:
            first, second = conflict.first, conflict.second
            lines.append(f"  {conflict.probability:.2f}  {who(first)}: “{first.text}”")
            lines.append(f"        {who(second)}: “{second.text}”")
    if story.claims:
        lines += ["", "Claims most worth checking:"]
        for claim in story.claims[:10]:
            lines.append(f"  {claim.check_worthiness:.2f}  “{claim.text}”")
            for match in claim.matches:
                fact = match.factcheck
                verdict = fact.verdict or "verdict not given"
                lines.append(f"        matches a fact-check: {verdict} — {fact.publisher or '?'}"
                             f" {fact.date or ''} {fact.url or ''}".rstrip())
                lines.append(f"        “{fact.claim}”")
    timeline = story.timeline()
    if timeline:
        lines += ["", "Timeline:"]
        for entry in timeline:
            when = entry["earliest_start"] or "undated"
            lines.append(f"  {when}  {entry['event']}  [{entry['outlet'] or '?'}]")
    return "\n".join(lines) + "\n"
