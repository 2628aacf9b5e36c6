from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bayan.search.evaluation import connect, evaluate, load


class Command(BaseCommand):
    help = (
        "Measure search quality: recall@10 and mean reciprocal rank of the evaluation queries "
        "(bayan/search/evaluation/), on the site's database and on any other database given. "
        "The documents go into temporary tables; the site's own index is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url", action="append", default=[], metavar="URL",
            help="also evaluate on this database (sqlite:///path or postgres://user@host:port/name); repeatable",
        )
        parser.add_argument("--misses", action="store_true", help="list every query that missed an expected document")

    def handle(self, *args, database_url, misses, **options):
        documents, queries = load()
        targets = [("site database", connection)] + [(url, self._connect(url)) for url in database_url]
        self.stdout.write(f"{len(queries)} queries over {len(documents)} documents\n")
        self.stdout.write(f"{'backend':<12} {'database':<40} {'recall@10':>9} {'MRR':>6}  (ar / en recall)")
        for label, db in targets:
            try:
                result = evaluate(db, documents, queries)
            except Exception as error:  # a database the operator named may be unreachable or refuse
                raise CommandError(f"{label}: {error}") from None
            self.stdout.write(
                f"{result.backend:<12} {label[:40]:<40} {result.recall():>9.3f} {result.mrr():>6.3f}  "
                f"({result.recall('ar'):.3f} / {result.recall('en'):.3f})"
            )
            if misses:
                for outcome in result.outcomes:
                    if outcome.recall < 1:
                        missing = sorted(set(outcome.expected) - set(outcome.found))
                        self.stdout.write(f"    {outcome.query!r} [{outcome.mode}] missed {missing}, found {outcome.found}")

    def _connect(self, url):
        try:
            return connect(url)
        except ValueError as error:
            raise CommandError(f"--database-url {url!r}: {error}") from None
