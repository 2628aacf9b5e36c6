"""With a local copy of wp-content/uploads, attachments come into the media library and bodies point at them."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from bayan.newsroom.models import PostPage
from bayan.wxr.importer import import_files

from .helpers import database_rows, item, wxr

pytestmark = pytest.mark.django_db
OLD = "https://old.example.org/wp-content/uploads/2017/09"


def attachment(post_id, filename, title):
    return item(post_id, title, post_type="attachment", status="inherit", slug=title.lower(),
                extra=f"<wp:attachment_url>{OLD}/{filename}</wp:attachment_url>")


@pytest.fixture
def site_with_uploads(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    uploads = tmp_path / "uploads"
    (uploads / "2017" / "09").mkdir(parents=True)
    PillowImage.new("RGB", (40, 30), "red").save(uploads / "2017" / "09" / "rally.png")
    (uploads / "2017" / "09" / "report.pdf").write_bytes(b"%PDF-1.4\n% a report\n")
    export = wxr(
        tmp_path,
        item(1, "Statement", body=f'<p>Photo: <img src="{OLD}/rally.png" alt="Rally"></p>'
                                  f'<p><a href="{OLD}/report.pdf">Full report</a></p>'),
        attachment(2, "rally.png", "Rally"),
        attachment(3, "report.pdf", "Report"),
        attachment(4, "missing.jpg", "Missing"),
    )
    return export, uploads


def test_files_are_copied_and_bodies_point_at_the_copies(site_with_uploads):
    export, uploads = site_with_uploads
    report = import_files([export], uploads=uploads)
    image, document = Image.objects.get(), Document.objects.get()
    assert (image.width, image.height) == (40, 30)
    body = PostPage.objects.get().body
    assert image.file.url in body and document.file.url in body
    assert OLD not in body
    assert any("missing.jpg" in problem for problem in report.problems)


def test_importing_again_copies_nothing_twice(site_with_uploads):
    export, uploads = site_with_uploads
    import_files([export], uploads=uploads)
    import_files([export], uploads=uploads)
    assert Image.objects.count() == 1 and Document.objects.count() == 1


def test_without_uploads_the_original_addresses_are_kept(site_with_uploads):
    export, _uploads = site_with_uploads
    import_files([export])
    assert Image.objects.count() == 0
    assert f"{OLD}/rally.png" in PostPage.objects.get().body


def test_an_uploads_folder_that_does_not_exist_is_named(site_with_uploads, tmp_path):
    export, _uploads = site_with_uploads
    with pytest.raises(CommandError, match="--uploads .*nowhere: not a folder"):
        call_command("import_wxr", str(export), "--uploads", str(tmp_path / "nowhere"))


def test_a_dry_run_with_uploads_writes_nothing_but_its_report(site_with_uploads, tmp_path, settings):
    export, uploads = site_with_uploads
    rows = database_rows()
    files = sorted(tmp_path.rglob("*"))
    plan = tmp_path / "plan.json"
    out = io.StringIO()
    call_command("import_wxr", str(export), "--uploads", str(uploads), "--dry-run", "--report", str(plan),
                 stdout=out, stderr=io.StringIO())
    assert database_rows() == rows
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*"))
    assert sorted(tmp_path.rglob("*")) == sorted([*files, plan])
    report = json.loads(plan.read_text())
    # What it would have done: copy one image and one document, and miss one file.
    assert report["dry_run"] and report["counts"]["image"] == {"copied": 1}
    assert report["counts"]["document"] == {"copied": 1}
    assert any("missing.jpg" in problem for problem in report["problems"])
    assert "Dry run: nothing was written." in out.getvalue()
