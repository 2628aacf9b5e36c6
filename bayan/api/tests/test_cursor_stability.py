"""A cursor stays valid while posts are inserted and deleted: no post is returned twice, none that stayed is missed."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from bayan.newsroom.models import PostPage
from bayan.newsroom.tests.factories import make_post


class CursorWhileWriting(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Written once; each example starts from them, its own writes undone after it.
        cls.now = timezone.now()
        cls.post_ids = {make_post(date=cls.now - timedelta(days=day)).pk for day in range(0, 40, 3)}

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["insert", "delete"]), st.integers(0, 40)), max_size=6),
           st.integers(1, 4))
    def test_a_walk_through_the_pages_while_another_writer_works(self, writes, limit):
        client = Client(HTTP_HOST="127.0.0.1")
        now = self.now
        stayed = set(self.post_ids)
        seen, address, step = [], f"/api/v1/posts/?limit={limit}", 0
        while address:
            answer = client.get(address).json()
            seen += [post["id"] for post in answer["results"]]
            address = answer["next"]
            if step < len(writes):
                action, day = writes[step]
                if action == "insert":
                    make_post(date=now - timedelta(days=day, hours=5))
                elif stayed:
                    gone = sorted(stayed)[day % len(stayed)]
                    stayed.discard(gone)
                    PostPage.objects.get(pk=gone).delete()
            step += 1
        assert len(seen) == len(set(seen))
        assert stayed <= set(seen)
