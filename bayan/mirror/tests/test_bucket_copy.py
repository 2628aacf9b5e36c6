"""Copying a mirror to an S3-compatible bucket, for real against moto's S3 server on loopback."""

import hashlib
import socket
from io import StringIO

import pytest
from django.core.management import call_command

from bayan.mirror.bucket import content_type, copy_to_bucket, parse_target
from bayan.mirror.export import Options, export
from bayan.mirror.folder import MANIFEST, SIGNATURE, TEMPORARY_PREFIX, MirrorError
from bayan.mirror.tasks import sync_mirror
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import as_committed

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

BASE = "https://copy.example.org"
BUCKET = "mirror-copy"


@pytest.fixture
def credentials(monkeypatch):
    """Fake keys in boto3's variables, and none of the machine's own configuration files."""
    pytest.importorskip("boto3")
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_CONFIG_FILE", "/nonexistent"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")):
        monkeypatch.setenv(name, value)


@pytest.fixture
def store(credentials, settings):
    """An S3 server of moto's on a free loopback port, with a bucket; a client of it."""
    import boto3

    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings.BAYAN_MIRROR_S3_ENDPOINT = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=settings.BAYAN_MIRROR_S3_ENDPOINT)
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


class Recording:
    """A client that notes the keys it puts and deletes, in one list in order, and passes every call on."""

    def __init__(self, client):
        self.client, self.calls = client, []

    def put_object(self, **arguments):
        self.calls.append(("put", arguments["Key"]))
        return self.client.put_object(**arguments)

    def delete_objects(self, **arguments):
        self.calls.extend(("delete", item["Key"]) for item in arguments["Delete"]["Objects"])
        return self.client.delete_objects(**arguments)

    def __getattr__(self, name):
        return getattr(self.client, name)

    def keys(self, kind):
        return [key for done, key in self.calls if done == kind]


def objects(client, prefix=""):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def hashes(folder):
    """``{name: sha256}`` of every file of the mirror in ``folder``, unfinished writes aside."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file() and not path.name.startswith(TEMPORARY_PREFIX)}


def test_every_file_is_copied_with_its_bytes_and_type_and_the_manifest_last(tmp_path, key_pair, store):
    make_post(slug="in-the-bucket")
    export(tmp_path, Options(BASE, key_pair[1]))
    recording = Recording(store)
    done = copy_to_bucket(tmp_path, f"s3://{BUCKET}/copy", client=recording)
    files = hashes(tmp_path)
    assert objects(store, "copy/") == {f"copy/{name}" for name in files}
    for name in files:
        stored = store.get_object(Bucket=BUCKET, Key=f"copy/{name}")
        assert stored["Body"].read() == (tmp_path / name).read_bytes(), name
        assert stored["ContentType"] == content_type(name), name
    assert recording.calls[-2:] == [("put", f"copy/{MANIFEST}"), ("put", f"copy/{SIGNATURE}")]
    assert done.uploaded == len(files) and done.deleted == done.kept == 0
    page = store.head_object(Bucket=BUCKET, Key="copy/en/in-the-bucket/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"


def test_a_second_copy_sends_only_what_changed_and_deletes_what_is_gone_before_the_manifest(
        tmp_path, key_pair, store):
    edited = make_post(slug="edited", tags=["bucket"])
    gone = make_post(slug="soon-gone", tags=["bucket"])
    make_post(slug="staying")
    export(tmp_path, Options(BASE, key_pair[1]))
    copy_to_bucket(tmp_path, f"s3://{BUCKET}")
    before = hashes(tmp_path)
    with as_committed():
        edited.title = "A title changed before the second copy"
        edited.save_revision().publish()
    with as_committed():
        gone.unpublish()
    export(tmp_path, Options(BASE, key_pair[1]))
    after = hashes(tmp_path)
    changed = {name for name, value in after.items() if before.get(name) != value}
    removed = set(before) - set(after)
    assert "en/edited/index.html" in changed and "en/staying/index.html" not in changed
    assert "en/soon-gone/index.html" in removed

    recording = Recording(store)
    done = copy_to_bucket(tmp_path, f"s3://{BUCKET}", client=recording)
    assert sorted(recording.keys("put")) == sorted(changed)
    assert (done.uploaded, done.kept, done.deleted) == (len(changed), len(after) - len(changed), len(removed))
    assert set(recording.keys("delete")) == removed and objects(store) == set(after)
    # Every upload and deletion comes before the manifest, and its signature after it.
    assert recording.calls[-2:] == [("put", MANIFEST), ("put", SIGNATURE)]
    page = store.get_object(Bucket=BUCKET, Key="en/edited/index.html")["Body"].read()
    assert page == (tmp_path / "en" / "edited" / "index.html").read_bytes()
    assert b"A title changed before the second copy" in page


def test_the_command_copies_after_a_sync(tmp_path, key_pair, store):
    make_post(slug="through-the-command")
    export(tmp_path, Options(BASE, key_pair[1]))
    output = StringIO()
    call_command("mirror", "sync", str(tmp_path), "--key", str(key_pair[2] / "bayan-mirror.key"),
                 "--s3", f"s3://{BUCKET}/site", stdout=output)
    assert f"Copied to s3://{BUCKET}/site:" in output.getvalue()
    assert objects(store, "site/") == {f"site/{name}" for name in hashes(tmp_path)}


def test_the_sites_own_sync_copies_to_the_buckets_of_its_setting(tmp_path, key_pair, store, settings):
    settings.BAYAN_MIRROR_DIR = str(tmp_path / "kept")
    settings.BAYAN_MIRROR_BASE_URL = BASE
    settings.BAYAN_MIRROR_KEY = key_pair[2] / "bayan-mirror.key"
    settings.BAYAN_MIRROR_S3 = [f"s3://{BUCKET}/kept"]
    make_post(slug="kept-in-the-bucket")
    summary = sync_mirror.call()
    assert f"copied to s3://{BUCKET}/kept:" in summary
    assert "kept/en/kept-in-the-bucket/index.html" in objects(store, "kept/")


def test_a_missing_bucket_or_a_wrong_address_is_named(tmp_path, key_pair, store):
    export(tmp_path, Options(BASE, key_pair[1]))
    with pytest.raises(MirrorError, match="s3://no-such-bucket/copy failed: NoSuchBucket.*create the bucket"):
        copy_to_bucket(tmp_path, "s3://no-such-bucket/copy")
    with pytest.raises(MirrorError, match="not a bucket address"):
        copy_to_bucket(tmp_path, "https://example.org/bucket")
    with pytest.raises(MirrorError, match="not a bucket address"):
        parse_target("s3:///no-bucket")


def test_an_unreachable_store_and_missing_credentials_are_named(tmp_path, key_pair, credentials, settings,
                                                               monkeypatch):
    export(tmp_path, Options(BASE, key_pair[1]))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens there once the probe is closed
    settings.BAYAN_MIRROR_S3_ENDPOINT = f"http://127.0.0.1:{closed}"
    with pytest.raises(MirrorError, match=f"s3://{BUCKET} failed: Could not connect.*BAYAN_MIRROR_S3_ENDPOINT"):
        copy_to_bucket(tmp_path, f"s3://{BUCKET}")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(MirrorError, match=f"s3://{BUCKET} failed: no credentials"):
        copy_to_bucket(tmp_path, f"s3://{BUCKET}")


def test_a_folder_without_a_signed_mirror_is_refused(tmp_path):
    with pytest.raises(MirrorError, match="holds no signed mirror"):
        copy_to_bucket(tmp_path, f"s3://{BUCKET}")


def test_types_readers_browsers_need():
    assert content_type("en/index.html") == "text/html; charset=utf-8"
    assert content_type("en/search/index/t3.js") == "text/javascript; charset=utf-8"
    assert content_type("en/feed/index.xml") == "application/xml; charset=utf-8"
    assert content_type("SHA256SUMS") == content_type("SHA256SUMS.minisig") == "text/plain; charset=utf-8"
    assert content_type("static/fonts/x.woff2") == "font/woff2"
    assert content_type("images/photo.JPG") == "image/jpeg"
