from bayan.newsroom.management.rebuilding import RebuildCommand
from bayan.search.indexing import rebuild


class Command(RebuildCommand):
    help = (
        "Rebuild the search index from every published post. The index follows every edit by itself; "
        "run this after restoring an old database, or after an upgrade whose notes ask for it."
    )
    done = "Indexed {count:,} posts in {seconds:.1f} s."

    def rebuild(self, progress):
        return rebuild(progress=progress)
