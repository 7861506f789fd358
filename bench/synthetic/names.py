"""Names, slugs, dates and phrases for the synthetic negotiations.

Every name is made from parts, so a large corpus has many distinct labels rather than one
sentence repeated; :func:`country` is a bijection from an index to a name, which keeps the
IRIs derived from it distinct at any size. Nothing here is a fact about the real talks.
"""
from __future__ import annotations

import datetime
import random
import unicodedata

ONSETS = ("Ar", "Bel", "Cor", "Dun", "El", "Fal", "Gor", "Har", "Is", "Kel", "Lor", "Mar", "Nor", "Or",
          "Pel", "Quin", "Ros", "Sal", "Tor", "Val", "Wen", "Yar", "Zan", "Bran", "Cal", "Dor", "Fen", "Mir")
MIDDLES = ("a", "en", "i", "o", "u", "ad", "em", "il", "on", "ur", "av", "es", "ar", "ol", "in", "et",
           "ab", "ec", "id", "ov")
ENDINGS = ("ia", "ova", "stan", "mark", "land", "era", "ine", "oria", "esh", "avia", "ond", "ul",
           "oth", "ance", "ica", "ene", "aro", "ith", "usa", "elle")
QUALIFIERS = ("", "Upper ", "Lower ", "North ", "South ", "East ", "West ", "Greater ", "New ", "Old ")

VI_FAMILY = (("Nguyễn", "Nguyen"), ("Trần", "Tran"), ("Lê", "Le"), ("Phạm", "Pham"), ("Hoàng", "Hoang"),
             ("Vũ", "Vu"), ("Đặng", "Dang"), ("Bùi", "Bui"), ("Đỗ", "Do"), ("Hồ", "Ho"), ("Ngô", "Ngo"),
             ("Dương", "Duong"), ("Lý", "Ly"))
VI_MIDDLE = (("Văn", "Van"), ("Thị", "Thi"), ("Đức", "Duc"), ("Minh", "Minh"), ("Hữu", "Huu"),
             ("Quang", "Quang"), ("Xuân", "Xuan"), ("Thanh", "Thanh"))
VI_GIVEN = (("Thọ", "Tho"), ("Bình", "Binh"), ("Hải", "Hai"), ("Lâm", "Lam"), ("Sơn", "Son"), ("Tùng", "Tung"),
            ("Nam", "Nam"), ("Phúc", "Phuc"), ("Khải", "Khai"), ("Long", "Long"), ("Trung", "Trung"),
            ("Hà", "Ha"), ("An", "An"), ("Dũng", "Dung"), ("Việt", "Viet"))
EN_FIRST = ("Arthur", "Helen", "Walter", "Margaret", "George", "Ruth", "Frank", "Dorothy", "Edward", "Alice",
            "Howard", "Janet", "Robert", "Evelyn", "Charles", "Louise", "Martin", "Irene")
EN_LAST = ("Whitfield", "Calloway", "Brennan", "Hargrove", "Ashby", "Mercer", "Lindqvist", "Thornton",
           "Ellery", "Pruitt", "Garrison", "Maddox", "Holloway", "Sutter", "Kendrick", "Bramwell", "Okafor",
           "Delacroix", "Moreau", "Varga")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")

#: what a side's stance sounds like in a position label: stance slug -> phrase
STANCE_PHRASES = {"demands": "insists on", "offers": "offers", "softens": "eases its line on",
                  "drops": "no longer asks for", "refuses": "will not accept", "defers": "leaves to later talks",
                  "avoids": "says nothing about"}
ISSUE_PHRASES = {"us-withdrawal": "the departure of the outside power's troops",
                 "north-vietnamese-withdrawal": "the northern army leaving the south",
                 "mutual-withdrawal": "both armies leaving together",
                 "withdrawal-deadline": "a fixed date for the last troops to go",
                 "saigon-government": "keeping the southern government in place",
                 "political-settlement": "a political settlement first",
                 "ceasefire": "an immediate ceasefire", "prisoners": "the release of prisoners",
                 "negotiating-strategy": "talking while fighting",
                 "us-intervention": "the reasons for intervening"}
REASONS = ("the battlefield had turned against it", "public opinion at home wanted the war ended",
           "its allies urged a settlement", "its economy could not bear the cost much longer",
           "an election was coming", "it feared a wider war with its neighbours",
           "it held that foreign troops had no right to stay", "it wanted prisoners back first",
           "it distrusted any promise without guarantees", "its army was stronger in the field",
           "it needed time to rebuild its forces", "a coalition government looked within reach",
           "the other side had broken an earlier truce", "outside mediators offered guarantees")
SECTIONS = ("Preface", "How the talks began", "The first round", "Positions of the parties",
            "The private channel", "The final round", "Assessment", "Bibliography")


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore").decode()


def slug(*parts: object) -> str:
    """Lower-case ASCII words joined by hyphens: ``slug("Lê Văn", 1961)`` is ``le-van-1961``."""
    words = _ascii(" ".join(str(p) for p in parts)).lower()
    out = "".join(c if c.isalnum() else " " for c in words).split()
    return "-".join(out)


def country(index: int) -> str:
    """A distinct made-up country name for every index (0, 1, 2... never repeat)."""
    a, rest = index % len(ONSETS), index // len(ONSETS)
    b, rest = rest % len(MIDDLES), rest // len(MIDDLES)
    c, rest = rest % len(ENDINGS), rest // len(ENDINGS)
    q, rest = rest % len(QUALIFIERS), rest // len(QUALIFIERS)
    name = f"{QUALIFIERS[q]}{ONSETS[a]}{MIDDLES[b]}{ENDINGS[c].lower()}"
    return name if rest == 0 else f"{name} {rest + 1}"


def person_name(rnd: random.Random, vietnamese: bool) -> tuple[str, str | None]:
    """(English spelling, Vietnamese spelling with diacritics or None)."""
    if vietnamese:
        parts = [rnd.choice(VI_FAMILY), rnd.choice(VI_MIDDLE), rnd.choice(VI_GIVEN)]
        return " ".join(p[1] for p in parts), " ".join(p[0] for p in parts)
    return f"{rnd.choice(EN_FIRST)} {rnd.choice(EN_LAST)}", None


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when(d: datetime.date) -> str:
    """``March 1961``: how labels name a date."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def spread(rnd: random.Random, start: datetime.date, end: datetime.date, n: int) -> list[datetime.date]:
    """``n`` sorted days between ``start`` and ``end`` (inclusive), repeats allowed."""
    span = (end - start).days
    return sorted(start + datetime.timedelta(days=rnd.randint(0, span)) for _ in range(n))
