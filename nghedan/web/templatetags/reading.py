"""A petition's words as the person reading the page may read them.

Load with `{% load reading %}`. A denunciation's own words are for its handlers and its
petitioner only (`policy.can_read_text`); everyone else who may see it reads them with
personal data removed (`petitions/public.py`).

- `{{ petition|title_for:user }}`: the title, for lists;
- `{{ answer.body|read_as:text }}`: other words about the petition (an answer, a note, a
  reason, a rating's comment), where `text` is the page's `ReaderText`; a page without
  one (the petitioner's own tracking page) shows them as written.
"""

from django import template

from nghedan.petitions.public import ReaderText, reader_title

register = template.Library()


@register.filter
def title_for(petition, user) -> str:
    return reader_title(petition, user=user)


@register.filter
def read_as(value, text) -> str:
    if isinstance(text, ReaderText):
        return text.of(value or "")
    return value
