"""RSVPs on the announcement: going, maybe, can't; the waitlist and drop-outs."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.members import MemberRepository
from bot.db.rsvps import RsvpRepository
from bot.db.series import SeriesRepository
from bot.db.votes import VoteRepository
from bot.domain.model import Meetup, MeetupStatus, RsvpStatus, VoteKind
from bot.domain.rsvp import (
    EMOJI_FOR_STATUS,
    RSVP_EMOJI,
    RsvpChange,
    answer,
    status_of,
    waitlist,
    withdrawn_while_away,
)
from bot.domain.shards import GuildFilter, every_server
from bot.notifier import DiscordNotifier
from bot.presentation import reminders as render
from bot.presentation.common import jump_url
from bot.services.closing import send_private_address
from bot.services.refresh import Coalescer
from bot.services.settings import SettingsService
from bot.services.tasks import MeetupLocks

log = logging.getLogger(__name__)


def announcement_url(meetup: Meetup) -> str | None:
    if meetup.announcement_message_id is None:
        return None
    return jump_url(meetup.guild_id, meetup.channel_id, meetup.announcement_message_id)


class RsvpService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        rsvps: RsvpRepository,
        votes: VoteRepository,
        members: MemberRepository,
        series: SeriesRepository,
        notifier: DiscordNotifier,
        settings: SettingsService,
        clock: Clock,
        locks: MeetupLocks,
        *,
        drop_out_window: timedelta,
        refresh_delay: timedelta,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._rsvps = rsvps
        self._votes = votes
        self._members = members
        self._series = series
        self._notifier = notifier
        self._settings = settings
        self._clock = clock
        self._drop_out_window = drop_out_window
        self._lock = locks
        self._known_names: dict[tuple[int, int], str] = {}
        self.refresher = Coalescer(self._refresh_announcement, refresh_delay)

    async def remember(self, guild_id: int, user_id: int, display_name: str) -> None:
        """Keep the name a member goes by, for reminders that say who else is coming."""
        if self._known_names.get((guild_id, user_id)) == display_name:
            return
        async with self._db.transaction():
            await self._members.remember_name(guild_id, user_id, display_name)
        self._known_names[(guild_id, user_id)] = display_name

    async def react(self, message_id: int, user_id: int, emoji: str, *, added: bool) -> RsvpChange | None:
        """Turn a reaction on an announcement into an answer; None when it is not an RSVP."""
        if emoji not in RSVP_EMOJI:
            return None
        found = await self._meetups.by_announcement(message_id)
        if found is None:
            return None
        # The answers are read and the outcome written in one transaction holding the meetup's
        # row, so another process answering for the same meetup cannot promote from a stale list.
        async with self._lock(found.id), self._db.transaction():
            await self._meetups.lock(found.id)
            meetup = await self._meetups.get(found.id)
            if meetup is None or meetup.status is not MeetupStatus.SCHEDULED or meetup.starts_at is None:
                return None
            current = await self._rsvps.for_meetup(meetup.id)
            before = status_of(current, user_id)
            if added:
                wanted: RsvpStatus | None = RSVP_EMOJI[emoji]
            elif before is not None and EMOJI_FOR_STATUS[before] == emoji:
                wanted = None
            else:
                return None
            change = answer(
                current,
                user_id,
                wanted,
                capacity=meetup.capacity,
                starts_at=meetup.starts_at,
                now=self._clock.now(),
                drop_out_window=self._drop_out_window,
            )
            # A voter's first own reaction moves them out of "by their vote" even when it keeps
            # their answer, so the announcement changes either way.
            first_own = added and any(r.by_vote for r in current if r.user_id == user_id)
            if first_own:
                await self._rsvps.answered_by_reaction(meetup.id, user_id)
            if change.changed:
                await self._store(meetup.id, change)
            after = await self._rsvps.for_meetup(meetup.id) if change.changed else current
        if change.changed or first_own:
            self.refresher.request(meetup.id)
        if not change.changed:
            return change
        await self._tell(meetup, change, after_waitlist=waitlist(after))
        newly_going = [*change.promoted]
        if change.after is RsvpStatus.GOING and change.before is not RsvpStatus.GOING:
            newly_going.append(user_id)
        await send_private_address(self._notifier, self._settings, meetup, newly_going)
        if added and before is not None and EMOJI_FOR_STATUS[before] != emoji:
            await self._notifier.remove_reaction(
                meetup.channel_id, message_id, EMOJI_FOR_STATUS[before], user_id
            )
        return change

    async def _store(self, meetup_id: int, change: RsvpChange) -> None:
        now = self._clock.now()
        if change.after is None:
            await self._rsvps.withdraw(meetup_id, change.user_id)
        else:
            await self._rsvps.set(meetup_id, change.user_id, change.after, now)
        for promoted in change.promoted:
            await self._rsvps.set(meetup_id, promoted, RsvpStatus.GOING, now)

    async def reconcile(self, serves: GuildFilter = every_server) -> None:
        """After a fresh session: apply answers given while the bot was offline, for every
        meetup still to come (those already started no longer need their answers), in the servers
        this process ``serves``, one server after another."""
        upcoming = await self._meetups.announced(starting_after=self._clock.now())
        for meetup in sorted(upcoming, key=lambda m: (m.guild_id, m.id)):
            if serves(meetup.guild_id):
                await self.sync(meetup)

    async def sync(self, meetup: Meetup) -> None:
        """Apply the announcement's reactions that differ from the stored answers, both ways.

        A member's reaction that differs from their stored answer is applied as if it had just
        been made, and so is a reaction removed (see :func:`withdrawn_while_away`), in the order
        the answers were given, which keeps the waitlist fair.
        """
        if meetup.announcement_message_id is None:
            return
        reacted = await self._notifier.reactions(
            meetup.channel_id, meetup.announcement_message_id, list(RSVP_EMOJI)
        )
        if reacted is None:
            return
        stored = await self._rsvps.for_meetup(meetup.id)
        answers = {r.user_id: EMOJI_FOR_STATUS[r.status] for r in stored}
        shown: dict[int, set[str]] = {}
        for emoji, user_ids in reacted.items():
            for user_id in user_ids:
                shown.setdefault(user_id, set()).add(emoji)
        for user_id, emojis in shown.items():
            if answers.get(user_id) in emojis or len(emojis) != 1:
                continue
            await self.react(meetup.announcement_message_id, user_id, next(iter(emojis)), added=True)
        voters = {
            vote.user_id for vote in await self._votes.for_meetup(meetup.id) if vote.kind is VoteKind.DATE
        }
        for rsvp in withdrawn_while_away(stored, shown, voters):
            await self.react(
                meetup.announcement_message_id, rsvp.user_id, EMOJI_FOR_STATUS[rsvp.status], added=False
            )

    async def _tell(self, meetup: Meetup, change: RsvpChange, *, after_waitlist: list[int]) -> None:
        url = announcement_url(meetup)
        if change.waitlisted:
            place = after_waitlist.index(change.user_id) + 1 if change.user_id in after_waitlist else 1
            texts = await self._settings.texts_for(meetup.guild_id, change.user_id)
            await self._notifier.dm(change.user_id, render.waitlisted_text(meetup, place, texts))
        languages = await self._settings.member_texts(meetup.guild_id, change.promoted)
        for promoted in change.promoted:
            await self._notifier.dm(promoted, render.promoted_text(meetup, url, languages[promoted]))
        if change.dropped_out and change.user_id != meetup.organizer_id:
            texts = await self._settings.texts_for(meetup.guild_id, meetup.organizer_id)
            names = await self._members.names(meetup.guild_id, [change.user_id])
            name = names.get(change.user_id) or texts._("A member")
            delivered = await self._notifier.dm(
                meetup.organizer_id, render.drop_out_text(meetup, name, change.user_id, texts)
            )
            if not delivered:
                log.info("organizer of meetup %s does not accept DMs; drop-out not delivered", meetup.id)

    async def _refresh_announcement(self, meetup_id: int) -> None:
        meetup = await self._meetups.get(meetup_id)
        if meetup is not None:
            series = await self._series.of(meetup)
            texts = await self._settings.server_texts(meetup.guild_id)
            await self._notifier.edit_announcement(
                meetup, await self._rsvps.for_meetup(meetup_id), texts, series
            )

    def shutdown(self) -> None:
        self.refresher.cancel_all()
