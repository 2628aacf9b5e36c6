"""Reading what a reader typed: cleaning and cutting it, words, phrases, exclusions and the word being typed."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bayan.search.query import MAX_WORDS, Phrase, clean, parse


def test_control_characters_become_spaces_and_direction_overrides_go():
    assert clean("journalist\x00detained\r\n\tin\x7fHoms") == ("journalist detained in Homs", False)
    assert clean("\u202eاعتقال\u202c صحفي") == ("اعتقال صحفي", False)
    # Direction marks and joiners stay: analysis ignores them, and they shape how the text reads.
    assert clean("صحفی\u200cها") == ("صحفی\u200cها", False)


def test_a_long_query_is_cut_at_the_end_of_a_word():
    assert clean("detained journalists " * 5, limit=30) == ("detained journalists detained", True)
    assert clean("x" * 50, limit=30) == ("x" * 30, True)
    assert clean("word " * 6, limit=30) == ("word " * 6, False)


@given(st.text(max_size=600))
def test_any_text_is_cleaned_to_printable_text_within_the_bound(text):
    cleaned, cut = clean(text, limit=300)
    whole, _ = clean(text, limit=10_000)
    assert len(cleaned) <= 300
    # A cut query is the beginning of the whole one; one not cut is all of it.
    assert whole.startswith(cleaned) if cut else cleaned == whole
    assert not any(unicodedata.category(character) in ("Cc", "Cs") for character in cleaned)


def test_a_cut_query_says_so_and_its_last_word_is_not_taken_as_still_typed():
    query = parse("journalists detained " * 40)
    assert query.shortened and len(query.raw) <= 300
    assert all(not part.prefix for part in query.required)
    assert not parse("journalists detained").shortened


def test_more_words_than_are_searched_make_a_shortened_query():
    query = parse(" ".join(f"word{number}" for number in range(MAX_WORDS + 3)))
    assert query.shortened and len(query.required) == MAX_WORDS


def test_words_phrases_exclusions_and_the_word_being_typed():
    query = parse('"press freedom" journalists -released detai')
    assert isinstance(query.required[0], Phrase)
    assert [part.text for part in query.required[1:]] == ["journalists", "detai"]
    assert [part.text for part in query.excluded] == ["released"]
    assert query.required[-1].prefix == "detai" and not query.required[1].prefix
    # The start of a word is matched from three letters on.
    assert parse("un").required[0].prefix == ""
