"""The API's JSON parser: DRF's, refusing a body nested deeper than any request needs.

Python's json module recurses once per level of nesting, so a body of a thousand ``[``
ends in a RecursionError, a 500 on every JSON endpoint. Our bodies are at most a few
levels deep (``triage_answers`` is the deepest), so the parser counts the nesting first,
without recursing, and answers a deeper body with a 400.
"""

import codecs
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_JSON_DEPTH = 20

# A JSON string (so that brackets inside one do not count), or one bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays or objects inside each other."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif piece in ("]", "}"):
            depth -= 1
    return False


class DepthLimitedJSONParser(JSONParser):
    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(text, self.max_depth):
            raise self._too_deep()
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError:  # not reached after the depth check; never a 500 all the same
            raise self._too_deep() from None
        except ValueError as exc:  # as DRF's own parser words it
            raise ParseError(f"JSON parse error - {exc}") from None

    def _too_deep(self) -> ParseError:
        return ParseError(
            _("De JSON is dieper genest dan %(limit)d niveaus.") % {"limit": self.max_depth}
        )
