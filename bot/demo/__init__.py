"""``python -m bot demo``: a whole meetup played against the loopback Discord, told as it happens.

The demo is a product beside the bot, not part of it: :mod:`bot.demo.stage` starts the real,
unmodified bot against :mod:`local_discord`, :mod:`bot.demo.story` is the script its people act,
:mod:`bot.demo.play` prints what everyone sees, and :mod:`bot.demo.screenshots` turns moments of it
into the README's pictures. Running the bot never imports this package.
"""

from bot.demo.play import run

__all__ = ["run"]
