"""Reminder DMs that are never lost or doubled, the nudge to invitees who have not voted, and
the DMs that tell attendees a meetup changed.

Delivery, per recipient: the recipients are fixed when the nudge first fires; each DM carries a
nonce derived from (nudge, member), so a DM re-sent after a crash is dropped by Discord; and
each delivery is marked in the database as soon as Discord accepts it. A crash can therefore
only repeat the DMs that were in flight at that moment, and Discord's nonce check absorbs those
while the restart is within its window (a few minutes).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.clock import Clock
from bot.db.database import Database
from bot.db.deliveries import DeliveryRepository
from bot.db.meetups import MeetupRepository
from bot.db.members import MemberRepository
from bot.db.rsvps import RsvpRepository
from bot.db.votes import InviteRepository, VoteRepository
from bot.domain.messages import Message
from bot.domain.model import Meetup, Nudge, NudgeKind, RsvpStatus
from bot.domain.rsvp import reminder_recipients
from bot.notifier import DiscordNotifier, nonce_for
from bot.pacing import Priority, paced_at
from bot.presentation import reminders as render
from bot.presentation.common import in_batches, jump_url
from bot.services.calendars import CalendarFiles
from bot.services.nudges import LeaseLostError, NudgeService
from bot.services.rsvps import announcement_url
from bot.services.settings import SettingsService

log = logging.getLogger(__name__)

SENT = "sent"
UNREACHABLE = "unreachable"


class ReminderService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        rsvps: RsvpRepository,
        votes: VoteRepository,
        invites: InviteRepository,
        members: MemberRepository,
        deliveries: DeliveryRepository,
        nudges: NudgeService,
        notifier: DiscordNotifier,
        settings: SettingsService,
        calendars: CalendarFiles,
        clock: Clock,
        *,
        parallel_sends: int = 8,
        delivered: Callable[[str], None] = lambda outcome: None,
    ) -> None:
        """``delivered`` hears the outcome of each reminder DM (sent, unreachable), for the metrics."""
        self._db = database
        self._meetups = meetups
        self._rsvps = rsvps
        self._votes = votes
        self._invites = invites
        self._members = members
        self._deliveries = deliveries
        self._notifier = notifier
        self._settings = settings
        self._calendars = calendars
        self._clock = clock
        self._parallel = asyncio.Semaphore(parallel_sends)
        self._delivered = delivered
        nudges.handle(NudgeKind.REMINDER, self._remind)
        nudges.handle(NudgeKind.POLL_NUDGE, self._nudge_voters)

    async def set_reminders(self, user_id: int, on: bool) -> None:
        async with self._db.transaction():
            await self._members.set_reminders(user_id, on)

    @paced_at(Priority.FAN_OUT)
    async def _remind(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        rsvps = await self._rsvps.for_meetup(meetup.id)
        off = await self._members.reminders_off(r.user_id for r in rsvps)
        async with self._db.transaction():
            await self._deliveries.fix_recipients(nudge.id, reminder_recipients(rsvps, off))
        deliveries = await self._deliveries.for_nudge(nudge.id)
        going = [r.user_id for r in rsvps if r.status is RsvpStatus.GOING]
        names = await self._members.names(meetup.guild_id, going)
        url = announcement_url(meetup)
        going_file = await self._calendars.file(meetup, include_address=True)
        maybe_file = await self._calendars.file(meetup, include_address=False)
        languages = await self._settings.member_texts(meetup.guild_id, (d.user_id for d in deliveries))
        taken_over = asyncio.Event()

        async def deliver(user_id: int, status: RsvpStatus) -> None:
            texts = languages[user_id]
            others = [names.get(other) or texts._("a member") for other in going if other != user_id]
            async with self._parallel:
                if taken_over.is_set():
                    return
                delivered = await self._notifier.dm(
                    user_id,
                    render.reminder_content(meetup, status, texts),
                    embed=render.reminder_embed(meetup, status, others, url, texts, late=late),
                    nonce=nonce_for("r", nudge.id, user_id),
                    files=[going_file if status is RsvpStatus.GOING else maybe_file],
                )
            async with self._db.transaction():
                recorded = await self._deliveries.mark(
                    nudge.id,
                    user_id,
                    SENT if delivered else UNREACHABLE,
                    self._clock.now(),
                    token=nudge.lease_token,
                )
            if recorded:
                self._delivered(SENT if delivered else UNREACHABLE)
            else:
                # Only this nudge's holder sends to its pending recipients: a refused mark means
                # another process took the claim over (this one stalled past its lease).
                taken_over.set()

        results = await asyncio.gather(
            *(deliver(d.user_id, d.status) for d in deliveries if d.state == "pending"),
            return_exceptions=True,
        )
        failures = [result for result in results if isinstance(result, BaseException)]
        if failures:
            raise failures[0]
        if taken_over.is_set():
            raise LeaseLostError(nudge.id)
        unreachable = [
            d.user_id for d in await self._deliveries.for_nudge(nudge.id) if d.state == UNREACHABLE
        ]
        if unreachable and await self._deliveries.fallback(nudge.id) is None:
            server = await self._settings.server_texts(meetup.guild_id)
            message_ids = [
                await self._notifier.post(
                    meetup.channel_id,
                    render.fallback_text(meetup, batch, url, server),
                    ping=batch,
                    nonce=nonce_for("f", nudge.id, index),
                )
                for index, batch in enumerate(in_batches(unreachable))
            ]
            async with self._db.transaction():
                await self._deliveries.set_fallback(nudge.id, message_ids[0])

    @paced_at(Priority.FAN_OUT)
    async def _nudge_voters(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        """One DM to each invitee who has not voted yet, a quarter of the poll before it closes."""
        if meetup.poll_message_id is None:
            return
        voted = {vote.user_id for vote in await self._votes.for_meetup(meetup.id)}
        waiting = [user_id for user_id in await self._invites.for_meetup(meetup.id) if user_id not in voted]
        url = jump_url(meetup.guild_id, meetup.channel_id, meetup.poll_message_id)
        languages = await self._settings.member_texts(meetup.guild_id, waiting)
        for user_id in waiting:
            await self._notifier.dm(
                user_id,
                render.poll_nudge_text(meetup, url, languages[user_id]),
                nonce=nonce_for("n", nudge.id, user_id),
            )

    @paced_at(Priority.FAN_OUT)
    async def tell_attendees(self, meetup: Meetup, change: Message, *, cancelled: bool = False) -> None:
        """DM everyone going or maybe what changed, with the calendar file that updates their entry."""
        rsvps = await self._rsvps.for_meetup(meetup.id)
        files = {
            going: await self._calendars.file(meetup, include_address=going, cancelled=cancelled)
            for going in (True, False)
        }
        told = [r for r in rsvps if r.status in (RsvpStatus.GOING, RsvpStatus.MAYBE)]
        languages = await self._settings.member_texts(meetup.guild_id, (r.user_id for r in told))
        for rsvp in told:
            going = rsvp.status is RsvpStatus.GOING
            text = render.change_text(meetup, change, languages[rsvp.user_id], show_address=going)
            await self._notifier.dm(rsvp.user_id, text, files=[files[going]])
