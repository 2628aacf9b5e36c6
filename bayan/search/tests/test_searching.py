"""Searching posts: morphology in both languages, ranking, phrases, exclusions, prefixes, names and facets."""

import pytest

from bayan.newsroom.models import Author
from bayan.newsroom.tests.factories import category, make_post
from bayan.search.models import SearchEquivalent
from bayan.search.searching import result_store, search
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.title for hit in results.hits]


def test_arabic_query_finds_other_forms_of_its_words():
    make_post("ar", "بيان عن اعتقال صحفي في حمص", body="<p>اعتقلت قوات الأمن صحفيا.</p>")
    make_post("ar", "نداء من أجل المعتقلين", body="<p>تضامن مع والمعتقل وعائلته وللصحفيين.</p>")
    make_post("ar", "تقرير عن الانتخابات البلدية", body="<p>لا علاقة له بالموضوع.</p>")
    results = search("الصحفيين المعتقلين")
    assert sorted(titles(results)) == ["بيان عن اعتقال صحفي في حمص", "نداء من أجل المعتقلين"]


def test_arabic_query_with_diacritics_hamza_and_eastern_digits():
    make_post("ar", "إطلاق سراح الناشطة", body="<p>أفرج عنها في ٢٠١٥ بعد اعتقـــال طويل.</p>")
    assert titles(search("اطلاق")) == ["إطلاق سراح الناشطة"]
    assert titles(search("الاعتِقَال")) == ["إطلاق سراح الناشطة"]
    assert titles(search("2015")) == ["إطلاق سراح الناشطة"]
    assert titles(search("ناشطه")) == ["إطلاق سراح الناشطة"]


def test_english_query_finds_inflected_and_derived_forms():
    make_post("en", "Journalist held without charge", body="<p>His detention has lasted a year.</p>")
    make_post("en", "Detainees on hunger strike", body="<p>Journalists among them.</p>")
    make_post("en", "Festival of film", body="<p>A cultural note.</p>")
    assert sorted(titles(search("detained journalists"))) == ["Detainees on hunger strike",
                                                                "Journalist held without charge"]


def test_title_matches_rank_above_body_matches():
    make_post("en", "Quarterly report", body="<p>Mentions torture once.</p>", days_ago=1)
    make_post("en", "Torture in prisons", body="<p>Evidence gathered.</p>", days_ago=30)
    assert titles(search("torture")) == ["Torture in prisons", "Quarterly report"]


def test_exact_phrase_and_exclusion():
    make_post("en", "Internet shutdown in the north", body="<p>The shutdown of the internet began.</p>")
    make_post("en", "Shutdown of newspapers", body="<p>Internet cafes stay open.</p>")
    make_post("en", "Journalist released", body="<p>The journalist was released.</p>")
    make_post("en", "Journalist detained", body="<p>The journalist is held.</p>")
    assert titles(search('"internet shutdown"')) == ["Internet shutdown in the north"]
    assert titles(search("journalist -released")) == ["Journalist detained"]


def test_last_word_is_matched_as_typed_so_far():
    make_post("en", "Journalists detained in Idlib")
    make_post("ar", "اعتقال المعتقلين في إدلب")
    assert titles(search("detained journ")) == ["Journalists detained in Idlib"]
    assert titles(search("المعتق")) == ["اعتقال المعتقلين في إدلب"]
    assert titles(search("journ ")) == []


def test_close_spellings_of_a_name_are_found_when_the_exact_search_finds_little():
    make_post("en", "Razan Zaitouneh remembered")
    make_post("en", "Where is Razan Zeitouneh?")
    make_post("ar", "أين رزان زيتونة؟")
    results = search("Zaytouna")
    assert results.mode == "close"
    assert len(results.hits) == 3 and results.total == 3
    # With one exact match, the other spellings are listed apart from it.
    results = search("Zaitouneh")
    assert (results.mode, titles(results)) == ("exact", ["Razan Zaitouneh remembered"])
    assert sorted(hit.title for hit in results.close_hits) == ["Where is Razan Zeitouneh?", "أين رزان زيتونة؟"]


def test_words_sharing_a_root_are_close_matches_never_exact_ones():
    make_post("ar", "نداء إلى جميع الأطراف", body="<p>جمع الفريق الشهادات.</p>")
    make_post("ar", "طلاب الجامعة يعتصمون")
    results = search("جمعية")
    assert (results.mode, results.total, len(results.hits)) == ("close", 2, 2)
    assert results.close_hits == []
    make_post("ar", "حل جمعية حقوقية", body="<p>قررت السلطات حل الجمعية.</p>")
    results = search("جمعية")
    assert (results.mode, results.total, titles(results)) == ("exact", 1, ["حل جمعية حقوقية"])
    assert "<mark>جمعية</mark>" in results.hits[0].title_html
    assert sorted(hit.title for hit in results.close_hits) == ["طلاب الجامعة يعتصمون", "نداء إلى جميع الأطراف"]
    # A close match is marked where it matched closely.
    assert all("<mark>" in hit.title_html + hit.excerpt_html for hit in results.close_hits)


def test_close_matches_are_not_looked_for_when_a_page_of_exact_ones_is_found():
    for number in range(10):
        make_post("ar", f"حل جمعية رقم {number}")
    make_post("ar", "نداء إلى جميع الأطراف")
    results = search("جمعية", per_page=5)
    assert (results.mode, results.total, len(results.hits), results.close_hits) == ("exact", 10, 5, [])


def test_posts_with_some_of_the_words_are_close_matches():
    make_post("en", "Lawyer summoned")
    make_post("en", "Festival postponed")
    results = search("lawyer festival earthquake")
    assert results.mode == "any"
    assert sorted(titles(results)) == ["Festival postponed", "Lawyer summoned"]


def test_editors_equivalents_join_words_analysis_cannot():
    make_post("en", "Statement on Abu Ali")
    make_post("en", "Statement on Abou Aly")
    make_post("en", "Statement on Abu Salem")
    group = SearchEquivalent(label="Abu Ali", words="Ali\nAly\nعلي")
    group.full_clean()
    group.save()
    assert sorted(titles(search("aly"))) == ["Statement on Abou Aly", "Statement on Abu Ali"]
    # "abu" is not "Abou": that post is a close match of "abu aly", listed apart.
    results = search("abu aly")
    assert titles(results) == ["Statement on Abu Ali"]
    assert [hit.title for hit in results.close_hits] == ["Statement on Abou Aly"]


def test_equivalent_groups_must_be_one_word_per_line():
    group = SearchEquivalent(label="bad", words="Razan Zaitouneh\nZeitouneh")
    with pytest.raises(Exception, match="exactly one word"):
        group.full_clean()


def test_facets_count_and_narrow_in_combination():
    writer = Author.objects.create(name="Monitoring unit", slug="monitoring")
    make_post("en", "Arrest in Homs", category=category("en", "press-release"), authors=[writer], tags=["Homs"])
    make_post("en", "Arrest in Aleppo", category=category("en", "statement"), tags=["Aleppo"])
    make_post("ar", "اعتقال في حمص", tags=["حمص"])
    press_release, statement = category("en", "press-release"), category("en", "statement")
    results = search("arrest")
    assert {value.label: value.count for value in results.facets["category"]} == {press_release.name: 1,
                                                                                    statement.name: 1}
    assert {value.label: value.count for value in results.facets["language"]} == {"English": 2}
    narrowed = search("arrest", {"category": [str(statement.pk)], "language": ["en"]})
    assert titles(narrowed) == ["Arrest in Aleppo"]
    # A facet's own counts ignore its own selection, so another value can be added.
    assert {value.label for value in narrowed.facets["category"]} == {press_release.name, statement.name}
    by_author = search("arrest", {"author": [str(writer.pk)]})
    assert titles(by_author) == ["Arrest in Homs"]
    assert [value.label for value in by_author.facets["tag"]] == ["Homs"]


def test_unknown_facet_values_are_ignored():
    make_post("en", "Arrest in Homs")
    results = search("arrest", {"category": ["x", "-1'; DROP TABLE"], "language": ["xx"], "year": ["99999999999"],
                                "colour": ["red"]})
    assert titles(results) == ["Arrest in Homs"]


def test_matches_are_marked_and_everything_else_escaped():
    make_post("en", "<script>alert(1)</script> journalist freed",
              body="<p>The &lt;b&gt;journalist&lt;/b&gt; was freed.</p>")
    hit = search("journalist").hits[0]
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
    assert "<mark>journalist</mark>" in hit.title_html
    assert "<b>" not in hit.excerpt_html
    assert "<mark>" in hit.excerpt_html


def test_pages_of_results():
    for number in range(12):
        make_post("en", f"Detention case {number}")
    first, second = search("detention", page=1, per_page=10), search("detention", page=2, per_page=10)
    assert first.total == second.total == 12
    assert len(first.hits) == 10 and len(second.hits) == 2
    assert not set(titles(first)) & set(titles(second))


def test_cached_results_last_until_readers_see_a_change(settings):
    from bayan.pagecache.invalidation import start_new_generation

    settings.BAYAN_SEARCH_CACHE = True
    make_post("en", "Lawyer summoned")
    assert titles(search("lawyer")) == ["Lawyer summoned"]
    make_post("en", "Lawyer released")
    # The test's transaction never commits, so the generation moves only when told to.
    assert titles(search("lawyer")) == ["Lawyer summoned"]
    start_new_generation()
    assert sorted(titles(search("lawyer"))) == ["Lawyer released", "Lawyer summoned"]


def test_title_matches_are_listed_first_and_later_pages_go_on_with_the_rest():
    in_title = [make_post("en", f"Torture case {number}", body="<p>Details.</p>") for number in range(3)]
    in_body = [make_post("en", f"Report {number}", body="<p>Evidence of torture.</p>") for number in range(3)]
    pages = [search("torture", page=page, per_page=2) for page in (1, 2, 3)]
    listed = [title for results in pages for title in titles(results)]
    assert len(listed) == len(set(listed)) == 6
    assert set(listed[:3]) == {post.title for post in in_title}
    assert set(listed[3:]) == {post.title for post in in_body}
    assert all(results.total == 6 for results in pages)


def test_only_the_most_recently_added_matches_are_ranked_and_older_ones_follow_newest_first(settings):
    bodies = ["torture torture torture evidence", "torture evidence gathered here", "torture torture evidence here",
              "torture evidence gathered here"]
    posts = [make_post("en", f"Report {number}", body=f"<p>{body}.</p>") for number, body in enumerate(bodies)]
    ranked_whole = titles(search("torture"))
    assert ranked_whole[0] == "Report 0"
    settings.BAYAN_SEARCH_RANKED_POOL = 2
    results = search("torture")
    # The two added last are ranked (the one saying it twice first); the older two follow, newest first.
    assert titles(results) == ["Report 2", "Report 3", "Report 1", "Report 0"]
    assert results.total == 4
    pages = [titles(search("torture", page=page, per_page=1)) for page in (1, 2, 3, 4)]
    assert [title for page in pages for title in page] == titles(results)
    assert all(post.title in titles(results) for post in posts)


def test_title_matches_are_ranked_among_the_most_recently_added_too(settings):
    make_post("en", "Torture torture in prisons", body="<p>Details.</p>")
    make_post("en", "Torture in the north", body="<p>Details.</p>")
    make_post("en", "Torture torture and the courts", body="<p>Details.</p>")
    settings.BAYAN_SEARCH_RANKED_POOL = 2
    assert titles(search("torture")) == ["Torture torture and the courts", "Torture in the north",
                                         "Torture torture in prisons"]


def test_exclusions_apply_to_title_matches_too():
    make_post("en", "Journalist released", body="<p>Freed today.</p>")
    make_post("en", "Journalist held", body="<p>Later released on bail.</p>")
    make_post("en", "Journalist detained", body="<p>Still held.</p>")
    assert titles(search("journalist -released")) == ["Journalist detained"]


def test_facet_counts_are_exact_however_many_values_a_facet_has():
    from bayan.newsroom.models import Tag
    from bayan.search.searching import FACET_VALUES_SHOWN

    expected = {}
    for number in range(FACET_VALUES_SHOWN + 6):
        tags = [f"tag {number}", "common"] + (["rare"] if number == 0 else [])
        for _copy in range(1 + number % 4):
            make_post("en", f"Detention report {number}", tags=tags)
            for name in tags:
                expected[name] = expected.get(name, 0) + 1
    make_post("en", "Unrelated festival", tags=["common"])
    shown = {value.label: value.count for value in search("detention").facets["tag"]}
    largest = sorted(expected.items(), key=lambda item: -item[1])[:FACET_VALUES_SHOWN]
    assert len(shown) == FACET_VALUES_SHOWN
    assert shown["common"] == expected["common"]
    assert sorted(shown.values(), reverse=True) == [count for _name, count in largest]
    assert all(expected[name] == count for name, count in shown.items())
    rare = Tag.objects.get(name="rare")
    chosen = search("detention", {"tag": [str(rare.pk)]})
    counts = {value.label: value.count for value in chosen.facets["tag"]}
    assert counts["rare"] == 1
    assert chosen.total == 1


def test_a_new_equivalent_group_starts_a_new_content_generation():
    from bayan.pagecache.invalidation import current_generation

    before = current_generation().token
    with as_committed():
        group = SearchEquivalent(label="Darwish", words="Darwish\nDarwich")
        group.full_clean()
        group.save()
    assert current_generation().token != before


def test_a_word_being_typed_and_the_same_word_typed_in_full_are_cached_apart(settings):
    settings.BAYAN_SEARCH_CACHE = True
    make_post("en", "Journalists detained in Idlib")
    assert titles(search("journ")) == ["Journalists detained in Idlib"]
    assert titles(search("journ ")) == []


def test_a_word_typed_in_full_is_not_taken_for_the_start_of_longer_words():
    make_post("ar", "جمع الفريق الشهادات")
    make_post("ar", "حل جمعية حقوقية")
    results = search("جمع")
    assert (results.mode, titles(results)) == ("exact", ["جمع الفريق الشهادات"])
    assert [hit.title for hit in results.close_hits] == ["حل جمعية حقوقية"]
    # A start that is in no post as it is typed is the start of a word: exact matches.
    results = search("جمعي")
    assert (results.mode, titles(results)) == ("exact", ["حل جمعية حقوقية"])
    assert titles(search("حقو")) == ["حل جمعية حقوقية"] and search("حقو").mode == "exact"


def test_kept_results_stay_within_their_memory_bound(settings):
    settings.BAYAN_SEARCH_CACHE = True
    settings.BAYAN_SEARCH_RESULTS_MAX_BYTES = 64 * 1024
    result_store.cache_clear()
    for number in range(30):
        make_post("en", f"Lawyer {number} summoned", body="<p>" + "Testimony of the lawyer. " * 40 + "</p>")
    for word in ("lawyer", "summoned", "testimony", *(f"lawyer {number}" for number in range(30))):
        search(word)
    assert 0 < result_store().size <= 64 * 1024
    result_store.cache_clear()


def test_a_search_told_not_to_keep_its_results_keeps_none(settings):
    settings.BAYAN_SEARCH_CACHE = True
    result_store.cache_clear()
    make_post("en", "Lawyer summoned")
    assert titles(search("lawyer", keep=False)) == ["Lawyer summoned"]
    assert len(result_store()) == 0
    search("lawyer")
    assert len(result_store()) == 1
    result_store.cache_clear()
