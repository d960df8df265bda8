"""After the meetup: the recap prompt, ratings, "let's do it again", and /meetup repeat."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.recaps import RecapRepository
from bot.db.rsvps import RsvpRepository
from bot.domain.errors import UserError
from bot.domain.model import Meetup, MeetupStatus, Nudge, NudgeKind, PlannedNudge, RsvpStatus
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.recap import (
    AGAIN_EMOJI,
    RATING_EMOJI,
    RECAP_EMOJI,
    RecapSummary,
    stars_for,
    summarize,
    wants_again,
)
from bot.domain.recap import next_title as numbered_title
from bot.notifier import DiscordNotifier, nonce_for
from bot.presentation import recap as render
from bot.presentation.common import in_batches
from bot.services.meetups import MeetupService
from bot.services.nudges import NudgeService
from bot.services.polls import PollService, Proposal
from bot.services.settings import SettingsService
from bot.services.tasks import Background, MeetupLocks

log = logging.getLogger(__name__)


class RecapService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        rsvps: RsvpRepository,
        recaps: RecapRepository,
        nudges: NudgeService,
        notifier: DiscordNotifier,
        settings: SettingsService,
        polls: PollService,
        meetup_service: MeetupService,
        clock: Clock,
        locks: MeetupLocks,
        background: Background,
        *,
        summary_after: timedelta,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._rsvps = rsvps
        self._recaps = recaps
        self._nudges = nudges
        self._notifier = notifier
        self._settings = settings
        self._polls = polls
        self._meetup_service = meetup_service
        self._clock = clock
        self._lock = locks
        self._background = background
        self._summary_after = summary_after
        nudges.handle(NudgeKind.RECAP, self._post_prompt)
        nudges.handle(NudgeKind.RECAP_SUMMARY, self._summarize)

    async def _going(self, meetup_id: int) -> list[int]:
        return [r.user_id for r in await self._rsvps.for_meetup(meetup_id) if r.status is RsvpStatus.GOING]

    async def _post_prompt(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        """Ask how it was, mentioning only the attendees, and open a thread for highlights.

        The prompt carries a nonce and its row is written at once (the thread is added after),
        so a second firing after a crash finds the same message and thread instead of new ones,
        and reactions on the prompt are recognised as soon as members can see it.
        """
        going = await self._going(meetup.id)
        first, *more = in_batches(going)
        texts = await self._settings.server_texts(meetup.guild_id)
        message_id = await self._notifier.post(
            meetup.channel_id,
            render.prompt_text(meetup, first, texts),
            ping=first,
            nonce=nonce_for("c", meetup.id),
        )
        for index, batch in enumerate(more, start=1):
            await self._notifier.post(
                meetup.channel_id,
                render.prompt_more_text(batch, texts),
                ping=batch,
                reply_to=message_id,
                nonce=nonce_for("c", meetup.id, index),
            )
        now = self._clock.now()
        async with self._db.transaction():
            await self._recaps.create(meetup.id, message_id, None, now)
            await self._meetups.finish(meetup.id)
            planned = await self._nudges.plan(
                meetup.id, [PlannedNudge(NudgeKind.RECAP_SUMMARY, now + self._summary_after)]
            )
        self._nudges.arm(planned)
        thread_id = await self._notifier.open_thread(
            meetup.channel_id, message_id, render.thread_name(meetup, texts)
        )
        if thread_id is None:
            await self._notifier.post(
                meetup.channel_id,
                render.no_thread_text(texts),
                reply_to=message_id,
                nonce=nonce_for("h", meetup.id),
            )
        else:
            async with self._db.transaction():
                await self._recaps.create(meetup.id, message_id, thread_id, now)
        # A series meets again by itself, so its dates are only rated.
        emojis = RATING_EMOJI if meetup.series_id is not None else RECAP_EMOJI
        await self._notifier.add_reactions(meetup.channel_id, message_id, emojis)

    async def react(self, message_id: int, user_id: int, emoji: str, *, added: bool) -> bool:
        """A rating or an "again" on a recap prompt; False for any other reaction."""
        if emoji not in RECAP_EMOJI:
            return False
        recap = await self._recaps.by_message(message_id)
        if recap is None:
            return False
        meetup = await self._meetups.get(recap.meetup_id)
        if meetup is None:
            return False
        if emoji == AGAIN_EMOJI:
            if meetup.series_id is None:
                await self._again(meetup, user_id, added)
            return True
        stars = stars_for(emoji)
        assert stars is not None
        async with self._lock(meetup.id):
            previous = (await self._recaps.ratings(meetup.id)).get(user_id)
            async with self._db.transaction():
                if added:
                    await self._recaps.rate(meetup.id, user_id, stars, self._clock.now())
                else:
                    await self._recaps.unrate(meetup.id, user_id, stars)
        if added and previous is not None and previous != stars:
            await self._notifier.remove_reaction(
                meetup.channel_id, message_id, RATING_EMOJI[previous - 1], user_id
            )
        return True

    async def _again(self, meetup: Meetup, user_id: int, added: bool) -> None:
        async with self._lock(meetup.id):
            async with self._db.transaction():
                await self._recaps.want_again(meetup.id, user_id, added)
            voters = await self._recaps.again_voters(meetup.id)
            if not wants_again(voters, await self._going(meetup.id), meetup.organizer_id):
                return
            async with self._db.transaction():
                first_time = await self._recaps.mark_offered(meetup.id, self._clock.now())
        if first_time:
            recap = await self._recaps.get(meetup.id)
            reply_to = recap.message_id if recap else None
            await self._notifier.post(
                meetup.channel_id,
                render.again_text(meetup, await self._settings.server_texts(meetup.guild_id)),
                reply_to=reply_to,
                nonce=nonce_for("g", meetup.id),
            )

    async def _summarize(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        recap = await self._recaps.get(meetup.id)
        if recap is None:
            return
        if recap.thread_id is not None:
            highlights = await self._notifier.count_posts(recap.thread_id)
        else:
            highlights = await self._notifier.count_posts(meetup.channel_id, replying_to=recap.message_id)
        async with self._db.transaction():
            await self._recaps.summarize(meetup.id, highlights, self._clock.now())

    async def summary(self, meetup: Meetup) -> RecapSummary | None:
        """How it went, once the recap was posted (highlights are counted at the summary time)."""
        recap = await self._recaps.get(meetup.id)
        if recap is None:
            return None
        return summarize(
            await self._going(meetup.id),
            await self._recaps.ratings(meetup.id),
            highlights=recap.highlights,
            repeated=await self._meetups.repeated(meetup.id),
        )

    async def repeat(self, guild_id: int, number: int, actor: Actor, channel_id: int, dates: str) -> Meetup:
        """A new poll like the last one: numbered title, same place first, same capacity, attendees invited."""
        previous = await self._meetup_service.find(guild_id, number)
        going = await self._going(previous.id)
        authorize(Action.REPEAT, actor, previous, attendees=going)
        if previous.status not in (MeetupStatus.SCHEDULED, MeetupStatus.DONE):
            raise UserError(
                "Meetup #{number} has not happened yet, so there is nothing to repeat.",
                number=previous.number,
            )
        venue = None
        if previous.venue_name:
            venue = previous.venue_name.replace(";", ",").replace("|", "/")
            if previous.venue_address:
                venue += " | " + previous.venue_address.replace(";", ",")
        created = await self._polls.propose(
            Proposal(
                guild_id=guild_id,
                channel_id=channel_id,
                organizer_id=actor.user_id,
                title=numbered_title(previous.title)[:100],
                dates=dates,
                venues=venue,
                details=previous.details or None,
                capacity=previous.capacity,
                invitees=tuple(going),
                private_address=previous.private_address,
            )
        )
        async with self._db.transaction():
            await self._meetups.set_repeat_of(created.id, previous.id)
        return created
