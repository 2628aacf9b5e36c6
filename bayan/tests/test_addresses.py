"""Addresses reversed once per language: each language's own prefix, whatever language is active."""

from django.utils import translation

from bayan.addresses import address_in


def test_an_address_carries_the_language_asked_for_not_the_active_one():
    with translation.override("en"):
        assert address_in("ar", "archives:tag", (("slug", "torture"),)) == "/ar/tag/torture/"
        assert address_in("en", "archives:home") == "/en/"
    with translation.override("ar"):
        assert address_in("en", "archives:tag", (("slug", "torture"),)) == "/en/tag/torture/"
        assert translation.get_language() == "ar"
