"""The words the time reader knows, in English and Swedish: names of days, months, units, parts
of the day, holidays. Numbers spelled out are in :mod:`bot.when.numbers`.

Kept apart from the grammar so that adding a spelling (``tmrw``, ``tors``) is a one-line change
that cannot break a regular expression. Every table maps a lower-case spelling to its value;
:mod:`bot.when.words` turns them into the view a rule reads.
"""

from __future__ import annotations

LANGUAGES = ("en", "sv")

WEEKDAYS_FULL = {
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    },
    "sv": {
        "måndag": 0,
        "tisdag": 1,
        "onsdag": 2,
        "torsdag": 3,
        "fredag": 4,
        "lördag": 5,
        "söndag": 6,
    },
}

# Abbreviations are also ordinary words ("sat", "sun", "fri" is Swedish for "free"), so the
# grammar only trusts them next to other time words.
WEEKDAYS_SHORT = {
    "en": {
        "mon": 0,
        "tue": 1,
        "tues": 1,
        "wed": 2,
        "thu": 3,
        "thur": 3,
        "thurs": 3,
        "fri": 4,
        "sat": 5,
        "sun": 6,
    },
    "sv": {"mån": 0, "tis": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lör": 5, "sön": 6},
}

MONTHS = {
    "en": {
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
    "sv": {
        "januari": 1,
        "jan": 1,
        "februari": 2,
        "feb": 2,
        "mars": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "maj": 5,
        "juni": 6,
        "jun": 6,
        "juli": 7,
        "jul": 7,
        "augusti": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "oktober": 10,
        "okt": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
}

# Amounts in "in a couple of hours", "om ett par timmar"; a half is spelled out in the grammar.
QUANTITIES = {
    "en": {"a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2, "a few": 3},
    "sv": {"ett par": 2, "några": 3},
}

# Unit spellings mapped to (unit, multiplier); "fortnight" is two weeks.
UNITS = {
    "en": {
        "seconds": ("second", 1),
        "second": ("second", 1),
        "secs": ("second", 1),
        "sec": ("second", 1),
        "minutes": ("minute", 1),
        "minute": ("minute", 1),
        "mins": ("minute", 1),
        "min": ("minute", 1),
        "hours": ("hour", 1),
        "hour": ("hour", 1),
        "hrs": ("hour", 1),
        "hr": ("hour", 1),
        "h": ("hour", 1),
        "days": ("day", 1),
        "day": ("day", 1),
        "weeks": ("week", 1),
        "week": ("week", 1),
        "wks": ("week", 1),
        "wk": ("week", 1),
        "fortnights": ("week", 2),
        "fortnight": ("week", 2),
        "months": ("month", 1),
        "month": ("month", 1),
        "years": ("year", 1),
        "year": ("year", 1),
        "yrs": ("year", 1),
        "yr": ("year", 1),
    },
    "sv": {
        "sekunder": ("second", 1),
        "sekund": ("second", 1),
        "minuter": ("minute", 1),
        "minut": ("minute", 1),
        "min": ("minute", 1),
        "halvtimme": ("minute", 30),
        "halvtimma": ("minute", 30),
        "kvart": ("minute", 15),
        "timmar": ("hour", 1),
        "timme": ("hour", 1),
        "tim": ("hour", 1),
        "t": ("hour", 1),
        "h": ("hour", 1),
        "dagar": ("day", 1),
        "dag": ("day", 1),
        "dygn": ("day", 1),
        "veckor": ("week", 1),
        "vecka": ("week", 1),
        "månader": ("month", 1),
        "månad": ("month", 1),
        "år": ("year", 1),
    },
}

# Parts of the day: (start hour, which half of the clock an ambiguous hour belongs to).
PARTS = {
    "morning": (8, "am"),
    "forenoon": (9, "am"),
    "early": (6, "am"),
    "lunch": (12, "pm"),
    "afternoon": (12, "pm"),
    "evening": (18, "pm"),
    "night": (18, "pm"),
    "late": (21, "pm"),
}

# Spellings of the parts of the day, Swedish definite forms included, mapped to the names above.
PART_WORDS = {
    "en": {
        "morning": "morning",
        "mornin": "morning",
        "morn": "morning",
        "afternoon": "afternoon",
        "arvo": "afternoon",
        "evening": "evening",
        "eve": "evening",
        "night": "night",
        "nite": "night",
    },
    "sv": {
        "morgon": "morning",
        "morgonen": "morning",
        "morse": "morning",
        "morgse": "morning",
        "bitti": "early",
        "förmiddag": "forenoon",
        "förmiddagen": "forenoon",
        "eftermiddag": "afternoon",
        "eftermiddagen": "afternoon",
        "kväll": "evening",
        "kvällen": "evening",
        "kväl": "evening",
        "afton": "evening",
        "natt": "night",
        "natten": "night",
    },
}

# Days from today, by their letters alone ("i morgon" is spaced either way).
RELATIVE_DAYS = {
    "en": {
        "today": 0,
        "tomorrow": 1,
        "tomorow": 1,
        "tommorow": 1,
        "tmrw": 1,
        "tmr": 1,
        "yesterday": -1,
        "dayaftertomorrow": 2,
        "thedayaftertomorrow": 2,
        "daybeforeyesterday": -2,
        "thedaybeforeyesterday": -2,
    },
    "sv": {
        "idag": 0,
        "imorgon": 1,
        "imorn": 1,
        "imorrn": 1,
        "igår": -1,
        "övermorgon": 2,
        "iövermorgon": 2,
        "iöverimorgon": 2,
        "förrgår": -2,
        "iförrgår": -2,
    },
}

# How many periods from the current one a word points ("next month", "förra veckan"); any other
# word a pattern allows in that place ("the weekend", "i helgen", "den här månaden") means this one.
OFFSETS = {
    "en": {
        "this": 0,
        "current": 0,
        "next": 1,
        "following": 1,
        "coming": 1,
        "upcoming": 1,
        "last": -1,
        "previous": -1,
        "past": -1,
    },
    "sv": {"denna": 0, "nästa": 1, "kommande": 1, "förra": -1, "senaste": -1},
}

# Holidays by their letters alone ("X-mas day" is "xmasday"), mapped to the names the calendar
# computes. Swedish "nyår" and "midsommar" are the eves, when the celebrating happens.
HOLIDAYS = {
    "en": {
        "christmaseve": "christmas eve",
        "christmas": "christmas",
        "christmasday": "christmas",
        "xmas": "christmas",
        "xmasday": "christmas",
        "boxingday": "boxing day",
        "newyeareve": "new year's eve",
        "newyearseve": "new year's eve",
        "newyear": "new year's day",
        "newyears": "new year's day",
        "newyearday": "new year's day",
        "newyearsday": "new year's day",
        "valentineday": "valentine's day",
        "valentinesday": "valentine's day",
        "halloween": "halloween",
        "eastermon": "easter monday",
        "eastermonday": "easter monday",
        "easter": "easter",
        "eastersunday": "easter",
        "goodfriday": "good friday",
        "midsummereve": "midsummer eve",
        "midsummerseve": "midsummer eve",
        "midsummer": "midsummer",
        "midsummersday": "midsummer",
    },
    "sv": {
        "julafton": "christmas eve",
        "juldagen": "christmas",
        "annandagjul": "boxing day",
        "nyårsafton": "new year's eve",
        "nyår": "new year's eve",
        "nyårsdagen": "new year's day",
        "påskdagen": "easter",
        "påsk": "easter",
        "annandagpåsk": "easter monday",
        "långfredag": "good friday",
        "långfredagen": "good friday",
        "midsommarafton": "midsummer eve",
        "midsommar": "midsummer eve",
        "midsommardagen": "midsummer",
        "allahjärtansdag": "valentine's day",
        "nationaldagen": "national day",
        "lucia": "lucia",
    },
}
