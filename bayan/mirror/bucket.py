"""Copying a mirror to an S3-compatible bucket (AWS, MinIO, Backblaze, Garage...), the manifest last.

``copy_to_bucket(folder, "s3://bucket/prefix")`` lists the objects under the prefix once,
uploads each file whose bytes differ from its object's (an object uploaded whole has the MD5
of its bytes as its ETag, so the listing tells what is unchanged without reading it), deletes the objects the mirror no
longer has, and uploads ``SHA256SUMS`` and its signature last: a reader of the bucket never
meets a new manifest over old files. Credentials come from boto3's usual sources (the
``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` variables, its configuration files);
``BAYAN_MIRROR_S3_ENDPOINT`` names a server other than AWS's.
"""

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from .folder import MANIFEST, SIGNATURE, TEMPORARY_PREFIX, MirrorError

TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
         ".ics": "text/calendar; charset=utf-8", ".woff2": "font/woff2", ".svg": "image/svg+xml",
         "": "text/plain; charset=utf-8"}
LAST = (MANIFEST, SIGNATURE)


@dataclass
class BucketCopy:
    """What a copy to a bucket did."""

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

    endpoint = settings.BAYAN_MIRROR_S3_ENDPOINT or None
    return boto3.client("s3", endpoint_url=endpoint)


def copy_to_bucket(folder, target, client=None):
    """The mirror in ``folder`` copied to the bucket ``target``, changed files only, the manifest last."""
    from botocore.exceptions import BotoCoreError, ClientError

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
        for name in [name for name in files if name not in LAST] + [name for name in LAST if name in files]:
            data = (root / name).read_bytes()
            key = prefix + name
            if name not in LAST and stored.get(key) == hashlib.md5(data, usedforsecurity=False).hexdigest():
                done.kept += 1
                continue
            client.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type(name))
            done.uploaded += 1
            if name == MANIFEST:
                # Objects the mirror no longer has go before its signature does: the signed list never names them.
                done.deleted = _delete(client, bucket, set(stored) - {prefix + kept for kept in files})
        return done
    except ClientError as error:
        details = error.response.get("Error", {})
        raise MirrorError(f"The bucket copy to {target} failed: {details.get('Code', 'error')}: "
                          f"{details.get('Message', str(error))}") from None
    except BotoCoreError as error:
        raise MirrorError(f"The bucket copy to {target} failed: {error}") from None


def _stored_etags(client, bucket, prefix):
    """``{key: ETag}`` of the objects under ``prefix``, read in pages of a thousand."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"]] = item.get("ETag", "").strip('"')
    return found


def _delete(client, bucket, keys):
    keys = sorted(keys)
    for start in range(0, len(keys), 1000):
        client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key} for key in keys[start:start + 1000]]})
    return len(keys)
