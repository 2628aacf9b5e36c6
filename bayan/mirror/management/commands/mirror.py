import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bayan.mirror import signing
from bayan.mirror.bucket import copy_to_bucket
from bayan.mirror.export import Options, export
from bayan.mirror.folder import MirrorError, MirrorFolder
from bayan.mirror.keys import load_secret_key
from bayan.mirror.publishing import pack, rsync_to
from bayan.mirror.verification import verify
from bayan.pagecache.invalidation import start_new_generation

GUIDE = "docs/mirror.md"


class Command(BaseCommand):
    help = (
        "Keep a copy of the public site as plain files that any web server, object store or USB stick can "
        "hold when the site is blocked: every page, feed and archive with links that work from any address "
        "or from the disk, a SHA256SUMS manifest and its signature. Start with `bayan mirror keygen`, then "
        "`bayan mirror export DIR --base-url https://copy.example.org`. Readers and hosts check a copy with "
        f"`bayan mirror verify DIR --key bayan-mirror.pub` (or minisign and sha256sum; see {GUIDE})."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        keygen = actions.add_parser("keygen", help="make the key pair that signs the mirror's manifest")
        keygen.add_argument("directory", nargs="?", type=Path, metavar="DIR",
                            help="where to write bayan-mirror.pub and .key "
                                 f"(default: {settings.BAYAN_MIRROR_KEY.parent})")
        keygen.add_argument("--passphrase", action="store_true",
                            help="protect the secret key with a passphrase (asked twice; give it to the site as "
                                 "BAYAN_MIRROR_KEY_PASSPHRASE)")
        for name, text in (("export", "write the whole public site into DIR (new, empty, or a mirror to update)"),
                           ("sync", "bring the mirror in DIR up to date with the site and sign it again")):
            action = actions.add_parser(name, help=text)
            action.add_argument("directory", type=Path, metavar="DIR")
            action.add_argument("--base-url", default=None,
                                help="the address the copy is served at, for the feeds, sitemap and canonical links "
                                     "(default: BAYAN_MIRROR_BASE_URL, else the one recorded in the mirror)")
            action.add_argument("--key", type=Path, default=None,
                                help=f"the secret key (default: BAYAN_MIRROR_KEY, {settings.BAYAN_MIRROR_KEY})")
            action.add_argument("--rsync", action="append", default=[], metavar="TARGET",
                                help="then copy the mirror there with rsync (a folder, host:folder or rsync://…), "
                                     "the manifest last; may be given more than once")
            action.add_argument("--s3", action="append", default=[], metavar="s3://BUCKET/FOLDER",
                                help="then copy the mirror to an S3-compatible bucket, changed files only, the "
                                     "manifest last (credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
                                     "another store than AWS: BAYAN_MIRROR_S3_ENDPOINT); may be given more than once")
        packing = actions.add_parser("pack", help="write the mirror into one zip archive to share (USB, messaging)")
        packing.add_argument("directory", type=Path, metavar="DIR")
        packing.add_argument("--output", type=Path, default=None, metavar="FILE.zip",
                             help="where to write it (default: beside DIR, named after the site and manifest)")
        check = actions.add_parser("verify", help="check a copy: signature, every file, expiry, rollback")
        check.add_argument("directory", type=Path, metavar="DIR")
        check.add_argument("--key", type=Path, required=True, metavar="FILE.pub", help="the site's public key")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (MirrorError, signing.SigningError) as error:
            raise CommandError(str(error)) from None

    def _keygen(self, directory=None, passphrase=False, **options):
        directory = directory or settings.BAYAN_MIRROR_KEY.parent
        secret = None
        if passphrase:
            secret = getpass.getpass("Passphrase for the mirror's key: ")
            if not secret or secret != getpass.getpass("The same passphrase again: "):
                raise CommandError("The two passphrases differ, or are empty: no key was written.")
        public_path, secret_path = signing.write_keypair(directory, passphrase=secret)
        # The about page shows the public key: pages showing none (or another) are stale now.
        start_new_generation()
        public = signing.PublicKey.from_file(public_path)
        self.stdout.write(
            f"Public key (publish it on the about page; readers check copies with it): {public_path}\n"
            f"  key id {public.key_id_hex}\n"
            f"Secret key (mode 0600; keep it on the server and in the backups, nowhere else): {secret_path}")

    def _export(self, directory, base_url=None, key=None, rsync=(), s3=(), **options):
        self._write(directory, base_url, key, creating=True)
        self._copy(directory, rsync, s3)

    def _sync(self, directory, base_url=None, key=None, rsync=(), s3=(), **options):
        self._write(directory, base_url, key, creating=False)
        self._copy(directory, rsync, s3)

    def _copy(self, directory, targets, buckets):
        for target in targets:
            rsync_to(directory, target)
            self.stdout.write(f"Copied to {target} (the manifest last).")
        for target in buckets:
            done = copy_to_bucket(directory, target)
            self.stdout.write(f"Copied to {target}: {done.uploaded:,} files uploaded, {done.kept:,} unchanged, "
                              f"{done.deleted:,} removed (the manifest last).")

    def _pack(self, directory, output=None, **options):
        archive, count = pack(directory, output)
        size = archive.stat().st_size / 1e6
        self.stdout.write(f"Archive written: {archive} ({count:,} files, {size:.1f} MB). Unpacked, it checks out "
                          "with `bayan mirror verify` or minisign and sha256sum like the mirror itself.")

    def _write(self, directory, base_url, key, creating):
        recorded = MirrorFolder(directory).state() if not creating else {}
        if not creating and not recorded:
            raise CommandError(f"{directory} holds no mirror yet: make it with `bayan mirror export {directory}`.")
        base_url = base_url or settings.BAYAN_MIRROR_BASE_URL or recorded.get("site", "")
        if not base_url:
            raise CommandError("Give the address the copy will be served at: --base-url https://copy.example.org "
                               "(or set BAYAN_MIRROR_BASE_URL).")
        secret = load_secret_key(key or settings.BAYAN_MIRROR_KEY, ask=True)
        outcome = export(directory, Options(base_url, secret, expiry_days=settings.BAYAN_MIRROR_EXPIRY_DAYS))
        self.stdout.write(
            f"Mirror {directory}: {outcome.files:,} files, {outcome.written:,} written, {outcome.removed:,} removed, "
            f"manifest {outcome.sequence} signed, in {outcome.seconds:.1f} s.")
        for address, status in outcome.refused:
            self.stderr.write(f"  not in the copy: {address} (the site answers {status})")

    def _verify(self, directory, key, **options):
        report = verify(directory, signing.PublicKey.from_file(key))
        self.stdout.write(f"{directory}: manifest {report.sequence} of {report.site}, signed by the key in {key}, "
                          f"valid until {report.expires:%Y-%m-%d %H:%M} UTC; {report.checked:,} files checked.")
        for problem in report.problems:
            self.stdout.write(f"  {problem}")
        if not report.passed:
            raise CommandError(f"{directory} does not match what the site signed ({len(report.problems)} problems).")
        self.stdout.write("Every file is as the site signed it.")

