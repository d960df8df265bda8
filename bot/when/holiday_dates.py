"""When a named holiday falls in a given year, from the ``holidays`` package.

Movable feasts are where a hand-written calendar goes wrong (Easter, Swedish midsummer, the
fourth Thursday of November), so they come from the well-kept ``holidays`` package, which
computes Sweden's, the United States' and the United Kingdom's holidays, eves included.
:data:`SOURCES` maps the reader's holiday names to the country and the English name the package
gives the day. Days no country observes (Valentine's day, Halloween, Lucia) have fixed dates.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

# The reader's holiday name -> (country, the package's English name of the day).
SOURCES = {
    "new year's day": ("SE", "New Year's Day"),
    "epiphany": ("SE", "Epiphany"),
    "maundy thursday": ("SE", "Maundy Thursday (from 2pm)"),
    "good friday": ("SE", "Good Friday"),
    "holy saturday": ("SE", "Holy Saturday"),
    "easter": ("SE", "Easter Sunday"),
    "easter monday": ("SE", "Easter Monday"),
    "walpurgis night": ("SE", "Walpurgis Night (from 2pm)"),
    "may day": ("SE", "May Day"),
    "ascension day": ("SE", "Ascension Day"),
    "pentecost eve": ("SE", "Pentecost Eve"),
    "pentecost": ("SE", "Pentecost"),
    "national day": ("SE", "National Day"),
    "midsummer eve": ("SE", "Midsummer Eve"),
    "midsummer": ("SE", "Midsummer Day"),
    "all saints' day": ("SE", "All Saints' Day"),
    "christmas eve": ("SE", "Christmas Eve"),
    "christmas": ("SE", "Christmas Day"),
    "boxing day": ("SE", "Second Day of Christmas"),
    "new year's eve": ("SE", "New Year's Eve"),
    "martin luther king day": ("US", "Martin Luther King Jr. Day"),
    "presidents' day": ("US", "Washington's Birthday"),
    "memorial day": ("US", "Memorial Day"),
    "independence day": ("US", "Independence Day"),
    "labor day": ("US", "Labor Day"),
    "columbus day": ("US", "Columbus Day"),
    "veterans day": ("US", "Veterans Day"),
    "thanksgiving": ("US", "Thanksgiving Day"),
    "spring bank holiday": ("GB", "Spring Bank Holiday"),
}
# Days that are no public holiday anywhere the package is asked about, on the same date every year.
FIXED = {"valentine's day": (2, 14), "halloween": (10, 31), "lucia": (12, 13)}
NAMES = frozenset(SOURCES) | frozenset(FIXED)


def holiday_date(name: str, year: int) -> date | None:
    """The day *name* falls on in *year*, or None for a year the package does not cover."""
    if name in FIXED:
        month, day = FIXED[name]
        return date(year, month, day)
    country, title = SOURCES[name]
    return _calendar(country, year).get(title)


@lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> dict[str, date]:
    """Every day the package knows for *country* in *year*, eves and half days included, by name."""
    import holidays

    if not 1900 <= year <= 2200:
        return {}
    kind = holidays.country_holidays(country, years=year, language="en_US")
    table = holidays.country_holidays(
        country, years=year, language="en_US", categories=kind.supported_categories
    )
    by_name: dict[str, date] = {}
    for day, names in sorted(table.items()):
        for title in names.split("; "):
            by_name.setdefault(title, day)
    return by_name
