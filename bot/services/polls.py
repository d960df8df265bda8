"""Proposing a meetup and voting on its dates and venues; closing is in :mod:`bot.services.closing`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.rsvps import RsvpRepository
from bot.db.venues import VenueRepository
from bot.db.votes import InviteRepository, VoteRepository
from bot.domain.bot_permissions import Need, describe_missing, missing
from bot.domain.errors import UserError
from bot.domain.model import Meetup, MeetupStatus, NewMeetup, Vote, VoteKind
from bot.domain.nudges import poll_nudges
from bot.domain.poll import earliest, emoji_for, option_for_emoji
from bot.domain.proposal import Reading, read_candidates, read_closes, read_dates, read_venues
from bot.domain.series import check_dates, read_repeat, unbound_rule
from bot.domain.shards import GuildFilter, every_server
from bot.domain.text import clean_block, clean_line
from bot.domain.venues import complete_from_memory
from bot.notifier import DiscordNotifier, nonce_for
from bot.presentation import polls as render
from bot.presentation.common import jump_url
from bot.services.calendars import CalendarFiles, ScheduledEvents
from bot.services.nudges import NudgeService
from bot.services.refresh import Coalescer
from bot.services.settings import SettingsService
from bot.services.tasks import Background, MeetupLocks

log = logging.getLogger(__name__)


MAX_TITLE = 100
MAX_DETAILS = 1000


@dataclass(frozen=True)
class Proposal:
    """A ``/meetup propose`` as typed; every text is checked by :meth:`PollService.propose`."""

    guild_id: int
    channel_id: int
    organizer_id: int
    title: str
    dates: str
    venues: str | None = None
    details: str | None = None
    closes: str | None = None
    capacity: int | None = None
    min_people: int | None = None
    invitees: tuple[int, ...] = ()
    private_address: bool = False
    repeat: str | None = None


@dataclass(frozen=True)
class OpenPoll:
    """An open poll as the vote path sees it: which meetup, and how many options of each kind."""

    meetup_id: int
    dates: int
    venues: int


class PollService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        votes: VoteRepository,
        invites: InviteRepository,
        rsvps: RsvpRepository,
        venues: VenueRepository,
        nudges: NudgeService,
        notifier: DiscordNotifier,
        settings: SettingsService,
        calendars: CalendarFiles,
        events: ScheduledEvents,
        clock: Clock,
        locks: MeetupLocks,
        background: Background,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._votes = votes
        self._invites = invites
        self._rsvps = rsvps
        self._venues = venues
        self._nudges = nudges
        self._notifier = notifier
        self._settings = settings
        self._calendars = calendars
        self._events = events
        self._clock = clock
        self._lock = locks
        self._background = background
        self._open_polls: dict[int, OpenPoll] = {}
        self.refresher = Coalescer(self.refresh, settings.defaults.poll_refresh_delay)

    async def preview(self, guild_id: int, user_id: int, dates: str) -> list[Reading]:
        """How each candidate in a half-typed ``dates`` field is understood, for autocomplete."""
        settings = await self._settings.for_member(guild_id, user_id)
        now = self._clock.now().astimezone(settings.timezone)
        return read_candidates(dates, now=now, languages=settings.languages)

    async def propose(self, proposal: Proposal) -> Meetup:
        """Check the proposal, store it with its nudges, and post the poll.

        Everything is validated before anything is written; the poll is posted after the commit,
        and a crash between the two is repaired at the next start (see :meth:`reconcile`).
        """
        settings = await self._settings.for_member(proposal.guild_id, proposal.organizer_id)
        server = await self._settings.for_guild(proposal.guild_id)
        now = self._clock.now().astimezone(settings.timezone)
        title = clean_line(proposal.title)
        if not title:
            raise UserError("`title` is empty: give the meetup a name, like `Pizza after the course`")
        if len(title) > MAX_TITLE:
            raise UserError(
                "`{option}` is {length} characters long; keep it to {most}",
                option="title",
                length=len(title),
                most=MAX_TITLE,
            )
        details = clean_block(proposal.details or "")
        if len(details) > MAX_DETAILS:
            raise UserError(
                "`{option}` is {length} characters long; keep it to {most}",
                option="details",
                length=len(details),
                most=MAX_DETAILS,
            )
        dates = read_dates(proposal.dates, now=now, languages=settings.languages)
        closes = read_closes(
            proposal.closes,
            now=now,
            languages=settings.languages,
            default_duration=settings.poll_duration,
            earliest_candidate=earliest(dates),
        )
        venues = complete_from_memory(
            read_venues(proposal.venues, suggested_by=proposal.organizer_id),
            await self._venues.in_guild(proposal.guild_id),
        )
        if len(dates) + len(venues) > 20:
            raise UserError("Discord allows 20 reactions on a message: give fewer dates or venues")
        if proposal.capacity is not None and proposal.capacity < 1:
            raise UserError("`capacity` must be at least 1")
        if proposal.min_people is not None and proposal.min_people < 1:
            raise UserError("`min_people` must be at least 1")
        if proposal.capacity and proposal.min_people and proposal.min_people > proposal.capacity:
            raise UserError("`min_people` cannot be more than `capacity`")
        repeat_rule = None
        if proposal.repeat:
            rule = read_repeat(proposal.repeat)
            check_dates(rule, [option.starts_at for option in dates], str(server.timezone))
            repeat_rule = unbound_rule(rule)
        draft = NewMeetup(
            guild_id=proposal.guild_id,
            channel_id=proposal.channel_id,
            organizer_id=proposal.organizer_id,
            title=title,
            details=details,
            created_at=now,
            closes_at=closes,
            dates=dates,
            venues=tuple(venues),
            capacity=proposal.capacity,
            min_people=proposal.min_people,
            private_address=proposal.private_address,
            timezone=str(server.timezone),
            repeat_rule=repeat_rule,
            invitees=tuple(dict.fromkeys(i for i in proposal.invitees if i != proposal.organizer_id)),
        )
        self._check_can_post(proposal)
        async with self._db.transaction():
            meetup = await self._meetups.create(draft)
            await self._invites.add(meetup.id, draft.invitees)
            planned = await self._nudges.plan(meetup.id, poll_nudges(closes, now))
        self._nudges.arm(planned)
        try:
            return await self._publish(meetup)
        except Exception:
            log.warning(
                "posting the poll of meetup %s failed; retrying in the background", meetup.id, exc_info=True
            )
            self._background.retry(
                lambda: self._publish_if_unpublished(meetup.id), what=f"posting poll {meetup.id}"
            )
            return meetup

    def _check_can_post(self, proposal: Proposal) -> None:
        """Refuse, before anything is saved, a poll the bot could not post or vote on (as far as
        discord.py's cache knows): a saved meetup without its poll would only wait and retry."""
        granted = self._notifier.bot_permissions(proposal.guild_id, proposal.channel_id)
        lacking = missing(Need.POLL, granted) if granted is not None else []
        if lacking:
            raise UserError(
                "Nothing was saved: {missing}. Give its role that permission"
                " (Server Settings → Roles, or this channel's permissions) and propose again.",
                missing=describe_missing(Need.POLL, lacking),
            )

    async def _publish(self, meetup: Meetup) -> Meetup:
        """Post the poll (once, thanks to the nonce), then react and invite in the background."""
        dates = await self._meetups.date_options(meetup.id)
        venues = await self._meetups.venue_options(meetup.id)
        texts = await self._settings.server_texts(meetup.guild_id)
        message_id = await self._notifier.post_poll(meetup, dates, venues, [], texts)
        async with self._db.transaction():
            await self._meetups.set_poll_message(meetup.id, message_id)
        published = await self._meetups.get(meetup.id)
        assert published is not None
        emojis = [emoji_for(VoteKind.DATE, d.position) for d in dates]
        emojis += [emoji_for(VoteKind.VENUE, v.position) for v in venues]
        self._background.spawn(self._notifier.add_reactions(meetup.channel_id, message_id, emojis))
        self._background.spawn(self._invite(published))
        return published

    async def _publish_if_unpublished(self, meetup_id: int) -> None:
        async with self._lock(meetup_id):
            meetup = await self._meetups.get(meetup_id)
            if (
                meetup is not None
                and meetup.status is MeetupStatus.POLLING
                and meetup.poll_message_id is None
            ):
                await self._publish(meetup)

    async def _invite(self, meetup: Meetup) -> None:
        assert meetup.poll_message_id is not None
        url = jump_url(meetup.guild_id, meetup.channel_id, meetup.poll_message_id)
        invitees = await self._invites.for_meetup(meetup.id)
        languages = await self._settings.member_texts(meetup.guild_id, invitees)
        for user_id in invitees:
            delivered = await self._notifier.dm(
                user_id,
                render.invitation_text(meetup, url, languages[user_id]),
                nonce=nonce_for("i", meetup.id, user_id),
            )
            if not delivered:
                log.info("invitee %s of meetup %s does not accept DMs", user_id, meetup.id)

    async def vote(self, message_id: int, user_id: int, emoji: str, *, added: bool) -> bool:
        """Apply one reaction to a poll; False when it is not a vote (other emoji, closed poll)."""
        option = option_for_emoji(emoji)
        if option is None:
            return False
        shape = await self._open_poll(message_id)
        kind, position = option
        if shape is None or position > (shape.dates if kind is VoteKind.DATE else shape.venues):
            return False
        vote = Vote(kind, position, user_id)
        async with self._lock(shape.meetup_id):
            if self._open_polls.get(message_id) is not shape:
                return False
            async with self._db.transaction():
                if added:
                    changed = await self._votes.add(shape.meetup_id, vote, self._clock.now())
                else:
                    changed = await self._votes.remove(shape.meetup_id, vote)
        if changed:
            self.refresher.request(shape.meetup_id)
        return True

    async def _open_poll(self, message_id: int) -> OpenPoll | None:
        """What a vote needs to know about an open poll, read once and then kept.

        Every reaction on every message asks this, so the answer for open polls is remembered
        until the poll closes, is cancelled or gains a venue (see :meth:`forget`).
        """
        shape = self._open_polls.get(message_id)
        if shape is not None:
            return shape
        meetup = await self._meetups.by_poll_message(message_id)
        if meetup is None or meetup.status is not MeetupStatus.POLLING:
            return None
        dates = await self._meetups.date_options(meetup.id)
        venues = await self._meetups.venue_options(meetup.id)
        return self._open_polls.setdefault(message_id, OpenPoll(meetup.id, len(dates), len(venues)))

    def forget(self, meetup_id: int) -> None:
        """Drop what is remembered of a poll whose state or options changed."""
        for message_id, shape in list(self._open_polls.items()):
            if shape.meetup_id == meetup_id:
                del self._open_polls[message_id]

    async def refresh(self, meetup_id: int) -> None:
        """Edit the poll message to show the meetup's current state."""
        meetup = await self._meetups.get(meetup_id)
        if meetup is None:
            return
        dates = await self._meetups.date_options(meetup_id)
        venues = await self._meetups.venue_options(meetup_id)
        votes = await self._votes.for_meetup(meetup_id)
        await self._notifier.edit_poll(
            meetup, dates, venues, votes, await self._settings.server_texts(meetup.guild_id)
        )

    async def sync_votes(self, meetup: Meetup) -> int | None:
        """Make the stored votes equal the poll's reactions on Discord (for missed events); how
        many votes changed.

        None when the poll message is gone: the stored votes then stand as they are.
        """
        if meetup.poll_message_id is None:
            return None
        dates = await self._meetups.date_options(meetup.id)
        venues = await self._meetups.venue_options(meetup.id)
        options = {emoji_for(VoteKind.DATE, d.position): (VoteKind.DATE, d.position) for d in dates}
        options |= {emoji_for(VoteKind.VENUE, v.position): (VoteKind.VENUE, v.position) for v in venues}
        reacted = await self._notifier.reactions(meetup.channel_id, meetup.poll_message_id, list(options))
        if reacted is None:
            return None
        current = [
            Vote(*options[emoji], user_id) for emoji, user_ids in reacted.items() for user_id in user_ids
        ]
        async with self._db.transaction():
            now = self._clock.now()
            added_dates, removed_dates = await self._votes.replace(meetup.id, VoteKind.DATE, current, now)
            added_venues, removed_venues = await self._votes.replace(meetup.id, VoteKind.VENUE, current, now)
        changes = added_dates + removed_dates + added_venues + removed_venues
        if changes:
            log.info("meetup %s: %d votes reconciled from the poll's reactions", meetup.id, changes)
        return changes

    async def reconcile(self, serves: GuildFilter = every_server) -> None:
        """After (re)connecting: catch up on votes missed while offline and post polls never posted.

        Open polls only (closed ones can no longer change), in the servers this process ``serves``,
        one server after another.
        """
        for meetup in sorted(await self._meetups.polling(), key=lambda m: (m.guild_id, m.id)):
            if not serves(meetup.guild_id):
                continue
            if meetup.poll_message_id is None:
                await self._publish_if_unpublished(meetup.id)
                continue
            async with self._lock(meetup.id):
                changed = await self.sync_votes(meetup)
            if changed:
                self.refresher.request(meetup.id)

    def shutdown(self) -> None:
        self.refresher.cancel_all()
