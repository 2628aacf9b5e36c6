"""Partner keys issued, listed and revoked with `bayan api-key`."""

import pytest
from django.core.management import CommandError, call_command

from bayan.api.models import PartnerKey, partner_for

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_listed_by_its_beginning_and_revoked(capsys):
    call_command("api_key", "issue", "Research group", "--contact", "desk@example.org")
    key = capsys.readouterr().out.split(": ", 1)[1].split()[0]
    assert partner_for(key).name == "Research group"
    assert key not in PartnerKey.objects.get().digest
    call_command("api_key", "list")
    listed = capsys.readouterr().out
    assert "Research group" in listed and key[:12] in listed and key not in listed
    call_command("api_key", "revoke", key[:12])
    assert partner_for(key) is None


@pytest.mark.parametrize("prefix", ["bayan_", "nothing-like-it"])
def test_revoking_needs_a_prefix_that_names_one_key(prefix):
    PartnerKey.issue("Research group")
    with pytest.raises(CommandError):
        call_command("api_key", "revoke", prefix)
