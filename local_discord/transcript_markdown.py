"""Discord's markdown as HTML: spans, code blocks, quotes, headings and lists.

Everything not recognised as markup is escaped text, so whatever people or the bot
wrote reaches the page only through :func:`html.escape`.
"""

from __future__ import annotations

import re
from html import escape

from local_discord.transcript_reader import MARKUP, Reader

CODE_BLOCK = re.compile(r"```(?:[\w+-]*\n)?(.*?)```", re.DOTALL)
INLINE = re.compile(
    r"\\(?P<escaped>[^\w\s])"
    r"|(?P<tick>`+)(?P<code>.+?)(?P=tick)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|__(?P<underline>.+?)__"
    r"|\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*"
    r"|(?<!\w)_(?P<italic_>[^_\s](?:[^_]*[^_\s])?)_(?!\w)"
    r"|~~(?P<strike>.+?)~~"
    r"|\|\|(?P<spoiler>.+?)\|\|"
    r"|\[(?P<label>[^\[\]\n]+)\]\((?P<href>https?://[^\s)]+)\)"
    r"|(?P<url>https?://[^\s<]+[^\s<.,:;\"')\]])"
    r"|(?P<everyone>@(?:everyone|here))"
    r"|" + MARKUP.pattern
)
WRAPPERS = {
    "bold": "strong",
    "underline": "u",
    "italic": "em",
    "italic_": "em",
    "strike": "s",
    "spoiler": "span class='spoiler'",
}
BLOCK_PREFIXES = (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("-# ", "subtext"))


def attribute(value: object) -> str:
    """``value`` escaped for a double-quoted HTML attribute, quotes included."""
    return escape(str(value), quote=True)


class Markdown:
    """Discord's markdown as HTML, for one message's guild (which names its mentions)."""

    def __init__(self, reader: Reader, guild_id: int | None) -> None:
        self.reader = reader
        self.guild_id = guild_id

    def inline(self, text: str) -> str:
        """Spans within one line; everything not recognised is escaped text."""
        out: list[str] = []
        position = 0
        for match in INLINE.finditer(text):
            out.append(escape(text[position : match.start()]))
            out.append(self._span(match))
            position = match.end()
        out.append(escape(text[position:]))
        return "".join(out)

    def _span(self, match: re.Match[str]) -> str:
        if match["escaped"]:
            return escape(match["escaped"])
        if match["tick"]:
            return f"<code>{escape(match['code'])}</code>"
        for group, tag in WRAPPERS.items():
            if match[group]:
                return f"<{tag}>{self.inline(match[group])}</{tag.split()[0]}>"
        if match["href"]:
            return f'<a href="{attribute(match["href"])}">{self.inline(match["label"])}</a>'
        if match["url"]:
            return f'<a href="{attribute(match["url"])}">{escape(match["url"])}</a>'
        if match["everyone"]:
            return f'<span class="mention">{escape(match["everyone"])}</span>'
        piece = self.reader.resolve(match, self.guild_id)
        if piece.kind == "raw":
            return escape(piece.text)
        if piece.kind == "time":
            return f'<span class="ts" title="{attribute(piece.title)}">{escape(piece.text)}</span>'
        return f'<span class="{piece.kind}">{escape(piece.text)}</span>'

    def blocks(self, text: str) -> str:
        """Code blocks, quotes, headings and lists around inline spans; other lines break with ``<br>``."""
        out: list[str] = []
        for index, part in enumerate(CODE_BLOCK.split(text)):
            if index % 2:
                out.append(f"<pre><code>{escape(part.strip(chr(10)))}</code></pre>")
            elif part.strip("\n"):
                out.append(self._lines(part.strip("\n")))
        return "".join(out)

    def _lines(self, text: str) -> str:
        out: list[str] = []
        plain: list[str] = []
        items: list[str] = []
        quoted: list[str] = []

        def flush() -> None:
            if plain:
                out.append("<br>".join(plain))
            if items:
                out.append(f"<ul>{''.join(f'<li>{item}</li>' for item in items)}</ul>")
            if quoted:
                out.append(f"<blockquote>{self._lines(chr(10).join(quoted))}</blockquote>")
            plain.clear()
            items.clear()
            quoted.clear()

        lines = text.split("\n")
        for number, line in enumerate(lines):
            if line.startswith(">>> "):
                flush()
                quoted.extend([line[4:], *lines[number + 1 :]])
                break
            if line.startswith("> ") or line == ">":
                if not quoted:
                    flush()
                quoted.append(line[2:])
                continue
            if line.startswith(("- ", "* ")):
                if not items:
                    flush()
                items.append(self.inline(line[2:]))
                continue
            block = next(((p, tag) for p, tag in BLOCK_PREFIXES if line.startswith(p)), None)
            if block is not None:
                flush()
                out.append(f'<div class="{block[1]}">{self.inline(line[len(block[0]) :])}</div>')
                continue
            if quoted or items:
                flush()
            plain.append(self.inline(line))
        flush()
        return "".join(out)
