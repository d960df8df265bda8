"""Reading times out of chat: "how about saturday 6pm?", "tonight at 8", "ses på fredag kl 19".

A library of its own: it knows nothing of meetups, Discord or the bot, and imports nothing from
them; the meetup domain imports it. It is pure: *now* is always passed in, and nothing
here touches Discord, the clock or the disk. English and Swedish are read by the hand-written
grammar in ``rules*.py`` (fast, and strict about ordinary words); any other language listed
is read by dateparser (:mod:`bot.when.fallback` says why it does not back up the grammar as well).

How a text is read
------------------
The text is lower-cased, and digits written against a month or weekday name are set apart
("15SEP" is read as "15 sep"). It is scanned by every rule whose gate word occurs in it (a rule
for dates by month name runs only when a month name is there); the best non-overlapping set of
matches is kept (most text covered, fewest pieces). Neighbouring pieces separated only by glue ("at", "on", a
comma) are combined into one expression unless they clash ("friday tuesday"). An expression is
reported by :func:`find_times` only if one of its pieces is a time on its own ("tomorrow",
"18:00") or two pieces support each other ("sat" + "18:00"); :func:`parse_when` accepts any
expression that, with filler words such as "around" or "exakt", makes up the whole text.
Expressions joined by "-", "to", "till" or "between ... and" are a range, read as its start;
the end lends what only it says ("3-4pm", "9:30 - 11:00 on thursday", "13-15 juli"). In
"tomorrow 18:00 or 19:00" the second time keeps the day of the first. A time zone written
after a clock time ("8pm CET", "20:00 UTC+2") is honoured; results are still in *now*'s zone.

Readings chosen where people (or other parsers) disagree
--------------------------------------------------------
* A weekday name means the next one after today: "tuesday" said on a Tuesday is a week away;
  "this tuesday" includes today.
* English "next <weekday>" is that day in *next* week (weeks run Monday to Sunday): said on
  Tuesday 12 February, "next wednesday" is the 20th and "next saturday" the 23rd, while
  "wednesday"/"this wednesday" is the 13th. This keeps the everyday contrast between "this
  Saturday" and "next Saturday". Swedish "nästa onsdag" is the first Wednesday after today
  (the 13th); "nästa onsdag igen" is the one after (the 20th). "wednesday after next" is the
  second Wednesday after today (the 20th). A week and a weekday side by side name that day of
  the week: "next week friday" is "friday next week", "nästa vecka fredag" the same day.
* A clock time without a day is its next occurrence, counted from the top of the current hour,
  so "at 4:23" said at 4:30 is the 4:23 that just passed, not tomorrow's. An hour without
  a.m./p.m. may be either half of the day and the nearer wins: "at 8" is 20:00 when said at
  09:00, and 08:00 tomorrow when said at 21:00.
* On a named day, an hour without a.m./p.m. is 7-11 in the morning, 12 noon, 1-6 in the
  afternoon ("saturday at 8" is 08:00, "tomorrow at 5" 17:00); on today, the first reading
  still to come. A part of the day decides instead: "tonight at 8" is 20:00.
* Swedish digits after "kl"/"klockan" are the 24-hour clock ("kl 8" is 08:00); "kl 8 ikväll"
  is 20:00. "halv åtta" is 7:30: Swedish "halv" is half *to* the hour, while British English
  "half three" is half *past* it (15:30 or 03:30, the nearer as above).
* Hours and minutes in words ("three twenty", "seven thirty") are also counts and amounts, so
  they are a time after "at" ("at eight fifteen") or beside a day or part of the day ("seven
  thirty tonight"), not alone. "3p" and "330 p.m." are p.m.; a lone "a" after digits ("4a")
  names flats and school classes, so "9a" is a time only beside a day ("9a tomorrow"); after
  "at" both count ("at 10a"). Minutes in words before "past"/"to" or "över"/"i" go in fives
  ("ten to four", "fem i tre"), so "two to three" is a range unless "minutes" is said. Four
  digits with a leading zero or an hour from 13 ("at 0830", "kl 1715") are the 24-hour clock.
* Parts of the day start at: morning 08:00, förmiddag 09:00, lunch and afternoon 12:00,
  evening, night and tonight 18:00, late night 21:00. "12" with morning or afternoon is noon;
  with evening, night or tonight it is midnight. A clock time with "this morning"/"tonight" is still its
  next occurrence ("this morning at 3" said at 4:30 is tomorrow 03:00).
* A date without a year is the next one to come, today included. If a weekday is written with
  it ("Sunday, Feb 10"), the first date from a week ago on whose weekday matches wins.
* Ambiguous numeric dates are month-first in English and day-first in Swedish. A clock time
  only the 24-hour clock can show (13:00-23:59, 00:xx) makes them day-first in any language,
  since month-first dates go with the 12-hour clock: "3/12 18:00" is 3 December, "3/12 6pm" 12
  March for ["en", "sv"]. Otherwise a message with Swedish cues ("kl", "den", "på", å/ä/ö) and
  no English ones is read the Swedish way, and the other way round; failing that the first
  language listed decides: "3/4" alone is 4 March for ["en", "sv"] and 3 April for ["sv", "en"],
  "den 3/4 kl 19" is 3 April either way. "15-02" is day-first whatever the order, since month 15
  does not exist. Two-digit years are 2000-2049 and 1950-1999. In chat a pair of numbers is a
  date after an article or a preposition of time ("on 3/28", "den 22/4") or slashed with the
  larger number first ("31/3"); otherwise it may be a fraction or a rating ("1/2", "4/5") and
  needs a time word beside it. A dotted triple with a two-digit year ("1.1.30") may be a
  version number and needs one too. A year may come first ("2020/Sep/23"). Digits written
  against a month or weekday name are read apart: "SUN 15SEP", "14april 2015". "2026-12-05T18:00" is read as
  written; a "Z" or "+01:00" after it is honoured like a time zone.
* "in 3 hours" is elapsed time (three real hours, across a change of summer time); "in 2 days"
  is the same wall-clock time two dates later. "at midnight" is the coming 00:00.
* "today in one hour" is in one hour; a day beside an offset of days or weeks counts from that
  day ("imorgon om en vecka" is a week from tomorrow, "friday in two weeks" two weeks after the
  coming Friday). A weekday is not moved by months, which would change its weekday: "two months
  from today on Tuesday" is the first Tuesday from the day two months on.
* "this time next week" and "samma tid nästa vecka" are now's wall-clock time a week on.
* A weekend ("this weekend", "i helgen") is read as its Saturday; "next weekend" is the one in
  next week, "this coming weekend" the next one to come.
* Holidays come from the ``holidays`` package (Sweden's, eves included, then the United States'
  and the United Kingdom's): the next one to come, today included. Swedish "midsommar" and
  "nyår" are the eves, when people celebrate.
* Words that only look like times count in chat only next to another time word: weekday
  abbreviations ("sat", "sun", "mon"), lone month names, lone ordinals ("the second"), "now",
  "morning". After a subject ("I", "we", "they" ...) "sat" and "wed" are verbs, even before a
  clock time ("we sat 18:00-20:00 in the queue"). After an article, a copula or "you" they do
  not count ("the sun", "you sat there") unless a clock time is written right after them,
  which a noun never is: "see you sat 18:00" is Saturday. Swedish "fri" ("free") stays an
  adjective: "är du fri 18:00?" is only 18:00.
* "may", "march" and "mar" with a day number are the verb after a subject ("we may 3d print
  it") or before a unit ("may 3 people join", "they march 11 miles"), and a date otherwise
  ("the party is march 11"). A clock time right after the day makes sure of it ("may 11
  18:00", "let's do March 11 18:00"); another number leaves it weak ("march 11 18" is a date as
  a poll candidate, not in chat). After a number, the modal "may" followed by an ordinary word
  is weak too ("only 2 may attend"), while "11 may 18:00", "11 may!" and "12 march is fine"
  are dates.
* In "may I come at 6?" "may" is the verb and "at 6" the coming six o'clock, like "at 8" above
  (18:00 when asked at 16:00): :func:`find_times` reports it, :func:`parse_when` gives None,
  since the text is a question around a time rather than a time. "I may come in march" finds
  March (the month, "in march"), not May. Bare numbers are never times (nor years) on their
  own; "at 8" is, but "at 8 people" is not.

Modules
-------
:mod:`~bot.when.reader` (the two public functions), :mod:`~bot.when.lexicon` and
:mod:`~bot.when.numbers` (the words of each language), :mod:`~bot.when.words` (the view of them a
rule reads), :mod:`~bot.when.rules` (what a rule is), :mod:`~bot.when.rules_digits` (digits, read
alike in every language) and ``rules_en*``/``rules_sv*``/``rules_common`` (the grammar per
language), :mod:`~bot.when.specs` (what a match says, before *now* is known),
:mod:`~bot.when.calendar_math` (turning that into a datetime), :mod:`~bot.when.holiday_dates`
(when each holiday falls), :mod:`~bot.when.fallback` (dateparser for other languages).
"""

from bot.when.reader import Found, find_times, parse_when

__all__ = ["Found", "find_times", "parse_when"]
