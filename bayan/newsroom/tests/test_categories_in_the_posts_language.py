"""A post is filed only under categories of its own language: the editor offers no other, the model refuses them."""

import pytest
from django.core.exceptions import ValidationError

from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import category, make_post
from bayan.newsroom.tests.test_editing_in_the_admin import post_form

pytestmark = pytest.mark.django_db


def offered(editor_client, url, field):
    form = editor_client.get(url).context["form"]
    return set(form.fields[field].queryset.values_list("locale__language_code", flat=True))


@pytest.mark.parametrize("field", ["category", "other_categories"])
def test_a_new_english_post_offers_only_english_categories(editor_client, field):
    url = f"/admin/pages/add/newsroom/postpage/{home_for('en').pk}/"
    assert offered(editor_client, url, field) == {"en"}


def test_an_arabic_post_offers_only_arabic_categories(editor_client):
    post = make_post("ar", "بيان عن المعتقلين")
    assert offered(editor_client, f"/admin/pages/{post.pk}/edit/", "category") == {"ar"}


def test_the_editor_refuses_a_category_of_another_language(editor_client):
    url = f"/admin/pages/add/newsroom/postpage/{home_for('en').pk}/"
    response = editor_client.post(url, post_form(category=_arabic_category().pk))
    assert response.status_code == 200
    assert "category" in response.context["form"].errors


def _arabic_category():
    english = category("en", "statement")
    return type(english).objects.get(translation_key=english.translation_key, locale__language_code="ar")


def test_the_model_refuses_a_category_of_another_language():
    post = make_post()
    post.category = _arabic_category()
    with pytest.raises(ValidationError, match="post's own language"):
        post.full_clean()


def test_the_model_refuses_another_language_among_the_other_categories():
    post = make_post()
    post.other_categories = [category("en", "report"), _arabic_category()]
    with pytest.raises(ValidationError, match="also filed under must be in the post's own language"):
        post.full_clean()
