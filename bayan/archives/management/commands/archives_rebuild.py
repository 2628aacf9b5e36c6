from bayan.archives.entries import rebuild
from bayan.newsroom.management.rebuilding import RebuildCommand


class Command(RebuildCommand):
    help = (
        "Rebuild every archive's list of posts (what the home, tag, category, author and date pages show) "
        "from the published posts. The lists follow every edit by themselves; run this after changing posts "
        "with SQL by hand, or after an upgrade whose notes ask for it."
    )
    done = "Listed {count:,} posts in {seconds:.1f} s."

    def rebuild(self, progress):
        return rebuild(progress=progress)
