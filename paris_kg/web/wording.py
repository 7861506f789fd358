"""The words a page uses for our properties and values: what a historian reads, not the IRIs.

Kept apart from the page builder so the vocabulary of the site can be read and corrected in one
place. Properties not listed here are machinery: they appear only in the folded "Data" section.
"""
from __future__ import annotations

PK = "https://w3id.org/paris-kg/ontology#"

#: facts shown at the top of a page, in this order: property -> label in words
FACTS = [
    ("date", "Date"), ("earliestDate", "Not before"), ("latestDate", "Not after"),
    ("startDate", "From"), ("endDate", "To"), ("duration", "Lasting"), ("attestedDate", "Attested on"),
    ("sessionNumber", "Session number"), ("ordinalInSeries", "Number in its series"),
    ("place", "Place"), ("locatedIn", "Located in"), ("partOf", "Part of"),
    ("proposedBy", "Proposed by"), ("presentedBy", "Presented by"), ("presentedAt", "Presented at"),
    ("disclosedAt", "Made public at"), ("channel", "Channel"),
    ("numberOfPoints", "Number of points"), ("numberOfChapters", "Chapters"), ("numberOfArticles", "Articles"),
    ("scope", "Scope"), ("onIssue", "Issues"),
    ("counters", "Counters"), ("revises", "Revises"), ("elaborates", "Elaborates"),
    ("respondent", "Answered by"), ("answers", "Answers"), ("responseType", "Answer"),
    ("givenAt", "Given at"), ("counterProposal", "Counter-proposal"),
    ("heldBy", "Held by"), ("voicedBy", "Voiced by"), ("stance", "Stance"),
    ("givenBy", "Given by"), ("explains", "Explains"), ("inGroup", "In group"), ("ordinal", "Order"),
    ("question", "Question"),
    ("holder", "Held by"), ("roleType", "Role"), ("inOrganisation", "In"),
    ("represents", "Represents"), ("memberOf", "Member of"), ("subOrganisationOf", "Part of"),
    ("succeededBy", "Succeeded by"), ("orderedBy", "Ordered by"), ("participant", "Participants"),
    ("concerns", "Concerns"),
    ("value", "Value"), ("measure", "Measure"), ("qualifier", "Qualifier"), ("refersTo", "Refers to"),
    ("forces", "Forces"), ("obligation", "Obligation"), ("deadline", "Deadline"),
    ("deadlineDuration", "Deadline"), ("deadlineAnchor", "Counted from"), ("condition", "Conditions"),
    ("referenceNumber", "Reference number"), ("section", "Section"), ("pageStart", "First page"),
    ("pageEnd", "Last page"), ("documentNumber", "Document number"), ("citedIn", "Cited in"),
    ("claimAbout", "About"), ("statedValue", "The source says"), ("acceptedValue", "The graph holds"),
    ("claimStatus", "Status"), ("statusReason", "Why"), ("evidence", "Evidence"),
]

#: incoming links shown as lists of related things: property -> heading
RELATED = {
    PK + "holder": "Roles", PK + "participant": "Meetings and events taken part in",
    PK + "proposedBy": "Proposals made", PK + "presentedBy": "Proposals presented",
    PK + "presentedAt": "Proposals presented here", PK + "heldBy": "Positions held",
    PK + "voicedBy": "Positions and answers voiced", PK + "givenBy": "Reasons given",
    PK + "partOf": "Parts", PK + "counters": "Countered by", PK + "revises": "Revised by",
    PK + "elaborates": "Elaborated by", PK + "answers": "Answers received", PK + "respondent": "Answers given",
    PK + "explains": "Reasons explaining it", PK + "inGroup": "Reasons in this group",
    PK + "givenAt": "Given here", PK + "inOrganisation": "Roles in it", PK + "memberOf": "Members",
    PK + "represents": "Represented by", PK + "orderedBy": "Ordered", PK + "place": "Held here",
    PK + "refersTo": "Figures about it", PK + "concerns": "Events concerning it",
    PK + "isPartOf": "Citations", "http://purl.org/dc/terms/isPartOf": "Citations of this source",
    PK + "citation": "Cited for",
}


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SIDE_COLOURS = {"DRV": "#d55e00", "PRG-NLF": "#e69f00", "US": "#0072b2", "RVN": "#009e73", "other": "#777777"}


def date_in_words(text: str) -> str:
    """``1969-05-14`` -> ``14 May 1969``; ``1970-03`` -> ``March 1970``; a year stays a year."""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return text


def duration_in_words(text: str) -> str:
    """``P12M`` -> ``12 months``; ``P1Y`` -> ``1 year``; ``P30D`` -> ``30 days``; else as given."""
    units = {"Y": ("year", "years"), "M": ("month", "months"), "D": ("day", "days"), "W": ("week", "weeks")}
    if text.startswith("P") and len(text) > 2 and text[1:-1].isdigit() and text[-1] in units:
        n = int(text[1:-1])
        return f"{n} {units[text[-1]][0 if n == 1 else 1]}"
    return text
