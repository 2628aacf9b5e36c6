"""Builders for tests of the admin: a member of a role, signed in with both factors."""

from django.contrib.auth.models import Group, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long enough passphrase 42"


def member(role, username=None):
    """A user in the group of ``role``, with PASSWORD."""
    user = User.objects.create_user(username or role.lower().replace(" ", "-"), password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


def fully_signed_in(client, user):
    """``client`` signed in as ``user`` with a password and an authenticator code given."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
