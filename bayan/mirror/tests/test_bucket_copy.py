"""Copying a mirror to an S3-compatible bucket, for real against moto's S3 server on loopback."""

from io import StringIO

import pytest
from django.core.management import call_command

from bayan.mirror.bucket import content_type, copy_to_bucket, parse_target
from bayan.mirror.export import Options, export
from bayan.mirror.folder import MANIFEST, SIGNATURE, MirrorError
from bayan.newsroom.tests.factories import make_post

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

BASE = "https://copy.example.org"
BUCKET = "mirror-copy"


@pytest.fixture
def store(monkeypatch, settings):
    """An S3 server of moto's on a free port, with a bucket; a client of it that records what it is asked."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings.BAYAN_MIRROR_S3_ENDPOINT = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=settings.BAYAN_MIRROR_S3_ENDPOINT)
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


class Recording:
    """A client that notes the keys it puts and deletes, in order, and passes every call on."""

    def __init__(self, client):
        self.client, self.put, self.deleted = client, [], []

    def put_object(self, **arguments):
        self.put.append(arguments["Key"])
        return self.client.put_object(**arguments)

    def delete_objects(self, **arguments):
        self.deleted.extend(item["Key"] for item in arguments["Delete"]["Objects"])
        return self.client.delete_objects(**arguments)

    def __getattr__(self, name):
        return getattr(self.client, name)


def objects(client, prefix=""):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def test_every_file_is_copied_with_its_type_and_the_manifest_last(tmp_path, key_pair, store):
    make_post(slug="in-the-bucket")
    export(tmp_path, Options(BASE, key_pair[1]))
    recording = Recording(store)
    done = copy_to_bucket(tmp_path, f"s3://{BUCKET}/copy", client=recording)
    files = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()}
    assert objects(store, "copy/") == {f"copy/{name}" for name in files}
    assert recording.put[-2:] == [f"copy/{MANIFEST}", f"copy/{SIGNATURE}"]
    assert done.uploaded == len(files) and done.deleted == 0
    page = store.get_object(Bucket=BUCKET, Key="copy/en/in-the-bucket/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["Body"].read() == (tmp_path / "en" / "in-the-bucket" / "index.html").read_bytes()


def test_a_second_copy_sends_only_what_changed_and_removes_what_is_gone(tmp_path, key_pair, store,
                                                                       django_capture_on_commit_callbacks):
    post = make_post(slug="soon-gone", tags=["bucket"])
    make_post(slug="staying", tags=["bucket"])
    export(tmp_path, Options(BASE, key_pair[1]))
    copy_to_bucket(tmp_path, f"s3://{BUCKET}")
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    outcome = export(tmp_path, Options(BASE, key_pair[1]))
    recording = Recording(store)
    done = copy_to_bucket(tmp_path, f"s3://{BUCKET}", client=recording)
    assert "en/soon-gone/index.html" in recording.deleted
    assert "en/soon-gone/index.html" not in objects(store)
    # The files the sync wrote again (the manifest and signature aside), and those two, are all that went.
    assert done.uploaded <= outcome.written + 2 and done.kept > done.uploaded
    assert recording.put[-2:] == [MANIFEST, SIGNATURE]


def test_the_command_copies_after_a_sync(tmp_path, key_pair, store, settings):
    make_post(slug="through-the-command")
    export(tmp_path, Options(BASE, key_pair[1]))
    output = StringIO()
    call_command("mirror", "sync", str(tmp_path), "--key", str(key_pair[2] / "bayan-mirror.key"),
                 "--s3", f"s3://{BUCKET}/site", stdout=output)
    assert f"Copied to s3://{BUCKET}/site" in output.getvalue()
    assert f"site/{MANIFEST}" in objects(store, "site/")


def test_a_missing_bucket_or_a_wrong_address_is_named(tmp_path, key_pair, store):
    export(tmp_path, Options(BASE, key_pair[1]))
    with pytest.raises(MirrorError, match="s3://no-such-bucket.*NoSuchBucket"):
        copy_to_bucket(tmp_path, "s3://no-such-bucket/copy")
    with pytest.raises(MirrorError, match="not a bucket address"):
        parse_target("https://example.org/bucket")


def test_types_readers_browsers_need():
    assert content_type("en/search/index/t3.js") == "text/javascript; charset=utf-8"
    assert content_type("SHA256SUMS") == "text/plain; charset=utf-8"
    assert content_type("static/fonts/x.woff2") == "font/woff2"
