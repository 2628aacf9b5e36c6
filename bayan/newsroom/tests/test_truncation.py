from hypothesis import given
from hypothesis import strategies as st

from bayan.newsroom.text import html_to_text, split_words, truncate_words


def test_a_short_title_is_left_untouched():
    assert truncate_words("Call of solidarity", 8) == "Call of solidarity"


def test_a_title_of_exactly_the_limit_gets_no_ellipsis():
    title = "Call of solidarity with MENA HRDs at IFEX25"
    assert truncate_words(title, 8) == title


def test_a_long_title_keeps_eight_words_and_adds_an_ellipsis():
    title = "Strengthening UN action towards ensuring accountability for war crimes in Syria"
    assert truncate_words(title, 8) == "Strengthening UN action towards ensuring accountability for war..."


def test_punctuation_stays_attached_to_its_word():
    text = "No to Arbitrary Detention…. Freedom to Mazen Darwish, now."
    assert truncate_words(text, 8) == "No to Arbitrary Detention…. Freedom to Mazen Darwish,..."


def test_a_no_break_space_does_not_split_words():
    text = "2017 –\u00a0We, the undersigned"
    assert split_words(text) == ["2017", "–\u00a0We,", "the", "undersigned"]
    assert truncate_words(text, 2) == "2017 –\u00a0We,..."


def test_runs_of_ascii_whitespace_become_one_space():
    assert truncate_words("one\t\ttwo\r\nthree   four", 3) == "one two three..."


def test_arabic_is_cut_by_the_same_rule():
    title = "على السلطات الإفراج عن الصحفي رامي حداد المحتجز في دمشق دون تهمة"
    assert truncate_words(title, 8) == "على السلطات الإفراج عن الصحفي رامي حداد المحتجز..."


def test_entities_are_decoded_before_counting_so_none_is_cut_in_half():
    text = html_to_text("<p>Tom&nbsp;&amp;&nbsp;Jerry &lt;b&gt; said &#8220;no&#8221;</p>")
    assert text.strip() == "Tom\u00a0&\u00a0Jerry <b> said “no”"
    assert truncate_words(text, 1) == "Tom\u00a0&\u00a0Jerry..."


def test_paragraphs_do_not_run_into_each_other():
    assert split_words(html_to_text("<p>end</p><p>start</p>")) == ["end", "start"]
    assert split_words(html_to_text("line<br>next")) == ["line", "next"]


def test_markup_comments_and_scripts_are_not_text():
    markup = "<!-- wp:paragraph --><p>Visible</p><!-- /wp:paragraph --><script>hidden()</script>"
    assert html_to_text(markup).split() == ["Visible"]


def test_empty_input_gives_empty_text():
    assert html_to_text("") == ""
    assert truncate_words("", 30) == ""


words = st.text(alphabet=st.characters(blacklist_characters=" \t\r\n", blacklist_categories=["Cs"]), min_size=1)


@given(st.lists(words, max_size=60), st.integers(min_value=1, max_value=40))
def test_truncation_keeps_a_prefix_of_the_words_and_never_exceeds_the_limit(word_list, limit):
    result = truncate_words(" ".join(word_list), limit)
    if len(word_list) > limit:
        assert result == " ".join(word_list[:limit]) + "..."
    else:
        assert result == " ".join(word_list)


@given(st.text(max_size=300))
def test_html_to_text_accepts_any_string(markup):
    assert isinstance(html_to_text(markup), str)
