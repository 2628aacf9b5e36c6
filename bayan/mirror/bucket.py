"""Copying a mirror to an S3-compatible bucket (AWS, MinIO, Backblaze, Garage...), the manifest last.

``copy_to_bucket(folder, "s3://bucket/prefix")`` lists the objects under the prefix once,
uploads each file whose bytes differ from its object's (an object uploaded whole has the MD5
of its bytes as its ETag, so the listing tells what is unchanged without reading it), deletes
the objects the mirror no longer has, and uploads ``SHA256SUMS`` and its signature last, as
``rsync_to`` does: a reader of the bucket never meets a new manifest over old files. Credentials
come from boto3's usual sources (the ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
``AWS_DEFAULT_REGION`` variables, its configuration files); ``BAYAN_MIRROR_S3_ENDPOINT`` names a
server other than AWS's. boto3 is imported only when a copy is made.
"""

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from .folder import MANIFEST, SIGNATURE, TEMPORARY_PREFIX, MirrorError

TEXT = "; charset=utf-8"
# Stated rather than guessed for what a copy holds, since mimetypes reads the host's own tables.
TYPES = {".html": f"text/html{TEXT}", ".xml": f"application/xml{TEXT}", ".js": f"text/javascript{TEXT}",
         ".json": f"application/json{TEXT}", ".css": f"text/css{TEXT}", ".txt": f"text/plain{TEXT}",
         ".csv": f"text/csv{TEXT}", ".ics": f"text/calendar{TEXT}", ".minisig": f"text/plain{TEXT}",
         ".woff2": "font/woff2", ".woff": "font/woff", ".svg": "image/svg+xml", ".png": "image/png",
         ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".avif": "image/avif",
         ".gif": "image/gif", ".ico": "image/x-icon", ".pdf": "application/pdf",
         "": f"text/plain{TEXT}"}
LAST = (MANIFEST, SIGNATURE)
# What the store's error codes most often mean for the person running the copy.
HINTS = {
    "NoSuchBucket": "create the bucket first (the copy does not create buckets)",
    "AccessDenied": "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and that key's rights on the bucket",
    "InvalidAccessKeyId": "check AWS_ACCESS_KEY_ID (and BAYAN_MIRROR_S3_ENDPOINT, if the key is another store's)",
    "SignatureDoesNotMatch": "check AWS_SECRET_ACCESS_KEY",
}


@dataclass
class BucketCopy:
    """What a copy to a bucket did: files uploaded, objects deleted, files already there unchanged."""

    uploaded: int = 0
    deleted: int = 0
    kept: int = 0


def parse_target(target):
    """``(bucket, prefix)`` of an ``s3://bucket/prefix`` target; MirrorError for anything else."""
    parts = urlsplit(target)
    if parts.scheme != "s3" or not parts.netloc:
        raise MirrorError(f"{target!r} is not a bucket address: write it s3://bucket or s3://bucket/folder.")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def content_type(name):
    """The Content-Type a reader's browser needs for a mirror's file."""
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _client():
    import boto3
    from botocore.config import Config

    # An endpoint that drops packets would otherwise hold the sync (and its lock) for minutes.
    config = Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"})
    # A session of its own: boto3's default one keeps the first credentials it found for the process's life.
    session = boto3.session.Session()
    return session.client("s3", endpoint_url=settings.BAYAN_MIRROR_S3_ENDPOINT or None, config=config)


def copy_to_bucket(folder, target, client=None):
    """The mirror in ``folder`` copied to the bucket ``target``, changed files only, the manifest last.

    ``client`` is a boto3 S3 client to use instead of one made from the settings (for tests).
    """
    from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

    bucket, prefix = parse_target(target)
    root = Path(folder)
    files = sorted(path.relative_to(root).as_posix() for path in root.rglob("*")
                   if path.is_file() and not path.name.startswith(TEMPORARY_PREFIX))
    if MANIFEST not in files:
        raise MirrorError(f"{root} holds no signed mirror (no {MANIFEST}): export it first.")
    try:
        client = client or _client()
        stored = _stored_etags(client, bucket, prefix)
        done = BucketCopy()
        for name in files:
            if name in LAST:
                continue
            data = _read(root / name)
            if stored.get(prefix + name) == hashlib.md5(data, usedforsecurity=False).hexdigest():
                done.kept += 1
                continue
            client.put_object(Bucket=bucket, Key=prefix + name, Body=data, ContentType=content_type(name))
            done.uploaded += 1
        done.deleted = _delete(client, bucket, set(stored) - {prefix + name for name in files})
        # Always sent, even if unchanged: whatever happened before, the copy ends on this manifest.
        for name in LAST:
            if name in files:
                client.put_object(Bucket=bucket, Key=prefix + name, Body=_read(root / name),
                                  ContentType=content_type(name))
                done.uploaded += 1
        return done
    except ClientError as error:
        details = error.response.get("Error", {})
        code = details.get("Code", "error")
        hint = f" ({HINTS[code]})" if code in HINTS else ""
        raise MirrorError(f"The bucket copy to {target} failed: {code}: "
                          f"{details.get('Message', str(error)).rstrip('.')}{hint}.") from None
    except NoCredentialsError:
        raise MirrorError(f"The bucket copy to {target} failed: no credentials; set AWS_ACCESS_KEY_ID and "
                          "AWS_SECRET_ACCESS_KEY.") from None
    except EndpointConnectionError as error:
        raise MirrorError(f"The bucket copy to {target} failed: {error} (is BAYAN_MIRROR_S3_ENDPOINT "
                          f"{settings.BAYAN_MIRROR_S3_ENDPOINT or '(AWS)'} right, and reachable?).") from None
    except BotoCoreError as error:
        raise MirrorError(f"The bucket copy to {target} failed: {str(error).rstrip('.')}.") from None


def _read(path):
    try:
        return path.read_bytes()
    except OSError as error:
        raise MirrorError(f"{path} cannot be read: {error.strerror or error}.") from None


def _stored_etags(client, bucket, prefix):
    """``{key: ETag}`` of the objects under ``prefix``, read in pages of a thousand."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"]] = item.get("ETag", "").strip('"')
    return found


def _delete(client, bucket, keys):
    """``keys`` deleted, a thousand per request (the most one DeleteObjects takes); how many there were."""
    keys = sorted(keys)
    for start in range(0, len(keys), 1000):
        answer = client.delete_objects(Bucket=bucket,
                                       Delete={"Objects": [{"Key": key} for key in keys[start:start + 1000]]})
        # DeleteObjects answers 200 even when some keys could not be deleted: those are named in the answer.
        failed = answer.get("Errors", [])
        if failed:
            first = failed[0]
            raise MirrorError(f"{len(failed)} objects of s3://{bucket} could not be deleted, "
                              f"{first.get('Key')} first: {first.get('Code')}: {first.get('Message')}.")
    return len(keys)
