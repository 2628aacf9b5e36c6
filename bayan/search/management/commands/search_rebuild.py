from bayan.newsroom.management.rebuilding import RebuildCommand
from bayan.search.state import rebuild


class Command(RebuildCommand):
    help = (
        "Rebuild the search index from every published post, with this version's analysis. The index follows "
        "every edit by itself; run this after restoring an old database, or when `bayan migrate` or "
        "`bayan check --database default` says the index was written by an earlier analysis."
    )
    done = "Indexed {count:,} posts in {seconds:.1f} s."

    def rebuild(self, progress):
        return rebuild(progress=progress)
