"""Authors, categories and tags: each found or made once per run, and remembered by its WordPress name.

The export declares its terms in the channel before any item; they are kept as
records until a post uses them (a category is made in the language of the posts
that use it) or, at the end, made anyway: nothing the export declares is lost.
"""

from urllib.parse import unquote

from wagtail.models import Locale

from bayan.newsroom.models import Author, Category, Tag

from .models import ImportedItem
from .values import digest, slug


class Terms:
    """The terms and people of one run; ``source`` is the site the file being read comes from."""

    def __init__(self, report):
        self.report = report
        self.source = ""
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.authors = {}
        # Logins of authors made inside a batch (not declared by the channel): a rollback can take them away.
        self.authors_made_in_batch = set()
        self.category_records = {}
        self.tag_records = {}
        # Made or found in this run, so that each is asked for once: by nicename, (language, nicename).
        self.tags = {}
        self.categories = {}
        self.categories_being_placed = set()
        # Categories that items skipped for their language use: a category has a language here,
        # and one only they use would be made in the wrong one.
        self.held_back = set()

    def forget(self):
        """Drop what was learnt from writes that were rolled back; it is read again when needed."""
        self.tags.clear()
        self.categories.clear()
        for login in self.authors_made_in_batch:
            self.authors.pop(login, None)
        self.authors_made_in_batch.clear()

    def committed(self):
        """The batch committed: what it made can no longer be rolled back."""
        self.authors_made_in_batch.clear()

    # --- people ---------------------------------------------------------------------------

    def declared_author(self, record):
        """An author the channel declares (``<wp:author>``): made now, found by login afterwards."""
        login = record.get("author_login", "")
        if login:
            self.authors[login] = self._author(login, record.get("author_display_name") or login, record)

    def author(self, login, name):
        """The author with this login, made on first sight if the channel did not declare it."""
        if login not in self.authors:
            self.authors[login] = self._author(login, name or login)
            self.authors_made_in_batch.add(login)
        return self.authors[login]

    def _author(self, login, name, record=None):
        checksum = digest(name, slug(login, name), record)
        known = ImportedItem.objects.filter(source=self.source, kind="author", wp_id=login).first()
        if known and (author := Author.objects.filter(pk=known.target_id).first()):
            if known.checksum == checksum:
                self.report.count("author", "unchanged")
            else:
                author.name = name
                author.save()
                known.checksum = checksum
                known.save()
                self.report.count("author", "updated")
            return author
        author_slug = slug(login, name)
        author = Author.objects.filter(slug=author_slug).first() or Author.objects.create(name=name, slug=author_slug)
        ImportedItem.objects.update_or_create(
            source=self.source, kind="author", wp_id=login,
            defaults={"target_id": author.pk, "checksum": checksum, "data": record or {}},
        )
        self.report.count("author", "created")
        return author

    # --- declared terms -------------------------------------------------------------------

    def declared(self, kind, record):
        """Keep a category or tag the channel declares until a post uses it (or the run ends)."""
        if kind == "category":
            self.category_records[record.get("category_nicename", "")] = record
        elif kind == "tag":
            self.tag_records[record.get("tag_slug", "")] = record

    def hold_back(self, item):
        """Note the categories of an item skipped for its language (see ``make_unused``)."""
        self.held_back.update(nicename for domain, nicename, _name in item.terms if domain == "category")

    def make_unused(self, default_language):
        """Categories and tags the export declares but no imported post uses: kept too, nothing is lost.

        An unused category has no language of its own; it is made in the site's default language,
        unless posts skipped for their language use it: it is theirs, and is named instead.
        """
        used = {record.split(":", 1)[1] for record in ImportedItem.objects.filter(
            source=self.source, kind="category").values_list("wp_id", flat=True)}
        theirs = []
        for nicename, record in self.category_records.items():
            if nicename and nicename not in used:
                if nicename in self.held_back:
                    theirs.append(nicename)
                    continue
                self.category(default_language, nicename, record.get("cat_name", ""))
        if theirs:
            self.report.problems.append(
                "categories used only by items in a language not imported were not made (--map-language "
                f"imports them with their items): {', '.join(sorted(unquote(nicename) for nicename in theirs))}")
        used_tags = {record.split(":", 1)[-1] for record in ImportedItem.objects.filter(
            source=self.source, kind="tag").values_list("wp_id", flat=True)}
        for nicename, record in self.tag_records.items():
            if nicename and nicename not in used_tags:
                self.tag(default_language, nicename, record.get("tag_name", ""))

    # --- tags -----------------------------------------------------------------------------

    def tag(self, language, nicename, name):
        """The tag of ``language`` with this WordPress slug, found or made once per run.

        Tags have a language: one WordPress tag carried by posts of two languages becomes a tag in
        each, linked as translations of each other.
        """
        if (language, nicename) not in self.tags:
            self.tags[language, nicename] = self._find_or_make_tag(language, nicename, name)
        return self.tags[language, nicename]

    def _find_or_make_tag(self, language, nicename, name):
        tag_slug = slug(nicename, name)
        locale = self.locales[language]
        record = self.tag_records.get(nicename, {})
        tag = Tag.objects.filter(locale=locale, slug=tag_slug).first()
        outcome = "unchanged"
        if tag is None:
            # Tag names are unique in a language, case aside; WordPress allows two tags of one name.
            base, suffix = name or tag_slug, 2
            while Tag.objects.filter(locale=locale, name__iexact=name).exists():
                name, suffix = f"{base} ({suffix})", suffix + 1
            tag = Tag(locale=locale, name=name or tag_slug, slug=tag_slug,
                      description=record.get("tag_description", ""))
            sibling = next((made for (_language, made_nicename), made in self.tags.items()
                            if made_nicename == nicename), None)
            if sibling is not None:
                tag.translation_key = sibling.translation_key
            tag.save()
            outcome = "created"
        elif record.get("tag_description") and tag.description != record["tag_description"]:
            tag.description = record["tag_description"]
            tag.save(update_fields=["description"])
            outcome = "updated"
        _, made = ImportedItem.objects.get_or_create(
            source=self.source, kind="tag", wp_id=f"{language}:{nicename}",
            defaults={"target_id": tag.pk, "data": record},
        )
        if made or outcome != "unchanged":
            self.report.count("tag", outcome)
        return tag

    # --- categories -----------------------------------------------------------------------

    def category(self, language, nicename, name):
        """The category with this nicename in ``language``, found or made (with its parents) once per run."""
        if (language, nicename) not in self.categories:
            self.categories[language, nicename] = self._find_or_make_category(language, nicename, name)
        return self.categories[language, nicename]

    def _find_or_make_category(self, language, nicename, name):
        category_slug = slug(nicename, name)
        locale = self.locales[language]
        record = self.category_records.get(nicename, {})
        category = Category.objects.filter(locale=locale, slug=category_slug).first()
        made = category is None
        if made:
            category = Category.objects.create(
                locale=locale, slug=category_slug, name=name or record.get("cat_name") or category_slug,
                description=record.get("category_description", ""),
            )
        _, recorded = ImportedItem.objects.get_or_create(
            source=self.source, kind="category", wp_id=f"{language}:{nicename}",
            defaults={"target_id": category.pk, "data": record},
        )
        if recorded:
            self.report.count("category", "created" if made else "matched")
        self._place_category(category, language, nicename, record)
        return category

    def _place_category(self, category, language, nicename, record):
        """Put the category under the parent the export names, making the parent first if need be."""
        parent_nicename = (record.get("category_parent") or "").strip()
        if not parent_nicename:
            return
        if parent_nicename in self.categories_being_placed or parent_nicename == nicename:
            self.report.problems.append(
                f"category “{nicename}” sits inside “{parent_nicename}”, which sits inside it: a loop in the export; "
                f"“{nicename}” is kept at the top"
            )
            return
        self.categories_being_placed.add(nicename)
        try:
            parent_record = self.category_records.get(parent_nicename, {})
            parent = self.category(language, parent_nicename, parent_record.get("cat_name", ""))
        finally:
            self.categories_being_placed.discard(nicename)
        if category.parent_id == parent.pk:
            return
        if category.pk in parent.lineage_ids():
            self.report.problems.append(
                f"category “{nicename}” would sit inside its own subcategory “{parent_nicename}”: a loop; "
                "it is kept where it was"
            )
            return
        category.parent = parent
        category.save(update_fields=["parent"])

    # --- a post's terms -------------------------------------------------------------------

    def of_post(self, item, language):
        """(categories, tags, authors) of a post, each once, in the export's order.

        The first category becomes the post's main one. Co-Authors Plus bylines are
        ``author`` terms; without any, the post's creator is its author.
        """
        categories, tags, authors = {}, {}, {}
        for domain, nicename, name in item.terms:
            if domain == "category":
                category = self.category(language, nicename, name)
                categories[category.pk] = category
            elif domain == "post_tag":
                tag = self.tag(language, nicename, name)
                tags[tag.pk] = tag
            elif domain == "author":
                author = self.author(nicename.removeprefix("cap-"), name)
                authors[author.pk] = author
        creator = item.fields.get("creator", "")
        if creator and not authors:
            author = self.author(creator, creator)
            authors[author.pk] = author
        return list(categories.values()), list(tags.values()), list(authors.values())
