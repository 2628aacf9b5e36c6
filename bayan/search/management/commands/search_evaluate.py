from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bayan.search.evaluation import connect, evaluate, load


class Command(BaseCommand):
    help = (
        "Measure search quality: recall@10, mean reciprocal rank and precision@10 of the evaluation queries "
        "(bayan/search/evaluation/), on the site's database and on any other database given, and which "
        "queries have exact matches they must not have. The documents go into temporary tables; the "
        "site's own index is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url", action="append", default=[], metavar="URL",
            help="also evaluate on this database (sqlite:///path or postgres://user@host:port/name); repeatable",
        )
        parser.add_argument("--misses", action="store_true",
                            help="list every query that missed an expected document or has a wrong exact match")

    def handle(self, *args, database_url, misses, **options):
        documents, queries = load()
        targets = [("site database", connection)] + [(url, self._connect(url)) for url in database_url]
        kinds = [item.get("kind", "match") for item in queries]
        self.stdout.write(
            f"{len(queries)} queries over {len(documents)} documents: {kinds.count('match')} with posts to find, "
            f"{kinds.count('absent')} whose words are in no post, {kinds.count('shared-root')} whose words share "
            "a root or letters with other words\n"
            "recall@10 and MRR: over the page's first ten (exact matches, then close ones); "
            "precision@10: over the exact matches among them; wrong: queries with an exact match they must not have\n"
        )
        self.stdout.write(f"{'backend':<12} {'database':<40} {'recall@10':>9} {'MRR':>6} {'precision@10':>12} "
                          f"{'wrong':>5}  (ar / en recall, ar / en precision)")
        for label, db in targets:
            try:
                result = evaluate(db, documents, queries)
            except Exception as error:  # a database the operator named may be unreachable or refuse
                raise CommandError(f"{label}: {error}") from None
            finally:
                if db is not connection:
                    db.close()
            self.stdout.write(
                f"{result.backend:<12} {label[:40]:<40} {result.recall():>9.3f} {result.mrr():>6.3f} "
                f"{result.precision():>12.3f} {len(result.wrong()):>5}  "
                f"({result.recall('ar'):.3f} / {result.recall('en'):.3f}, "
                f"{result.precision('ar'):.3f} / {result.precision('en'):.3f})"
            )
            if misses:
                for outcome in result.outcomes:
                    if outcome.recall is not None and outcome.recall < 1:
                        missing = sorted(set(outcome.expected) - set(outcome.found))
                        self.stdout.write(f"    {outcome.query!r} [{outcome.mode}] missed {missing}, "
                                          f"found {outcome.exact} exactly and {outcome.close} closely")
                    if outcome.wrong:
                        self.stdout.write(f"    {outcome.query!r} [{outcome.kind}] wrong exact matches {outcome.wrong}")

    def _connect(self, url):
        try:
            return connect(url)
        except ValueError as error:
            raise CommandError(f"--database-url {url!r}: {error}") from None
