import pytest
from django.core.exceptions import ValidationError

from bayan.navigation.links import check_address
from bayan.navigation.models import Menu, MenuItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox", "//evil.example/", "/admin/", "/admin/pages/", "https://", "/en/tag/\nx/", "",
])
def test_a_link_that_is_not_a_reader_page_or_a_web_address_is_refused(address):
    with pytest.raises(ValidationError):
        check_address(address)


@pytest.mark.parametrize("address", [
    "/en/", "/ar/tag/اعتقال/", "/en/category/report/page/2/", "https://example.org/report", "mailto:desk@example.org",
])
def test_reader_addresses_and_web_addresses_are_accepted(address):
    check_address(address)


def test_the_refusal_names_the_scheme_and_the_field():
    item = MenuItem(menu=Menu(language="en"), label="Click", address="javascript:alert(1)")
    with pytest.raises(ValidationError) as refused:
        item.clean()
    assert "javascript" in str(refused.value.message_dict["address"])


def test_a_link_needs_a_page_or_an_address_not_both_nor_neither():
    with pytest.raises(ValidationError):
        MenuItem(menu=Menu(language="en"), label="Nothing").clean()


def test_a_link_to_an_address_needs_a_label():
    with pytest.raises(ValidationError) as refused:
        MenuItem(menu=Menu(language="en"), address="/en/").clean()
    assert "label" in refused.value.message_dict
