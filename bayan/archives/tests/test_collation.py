from bayan.archives.collation import sort_key, sorted_by_name


def in_order(names, language):
    return sorted(names, key=lambda name: sort_key(name, language))


def test_english_names_sort_ignoring_case_with_accents_second():
    names = ["zebra", "Émile", "alpha", "Zeta", "emile", "Beta"]
    assert in_order(names, "en") == ["alpha", "Beta", "emile", "Émile", "zebra", "Zeta"]


def test_lower_case_comes_first_when_only_case_differs():
    assert in_order(["Press", "press"], "en") == ["press", "Press"]


def test_the_hamza_and_madda_forms_of_alef_sort_as_alef():
    names = ["أمن", "احتجاز", "إعلام", "آراء", "ٱلقانون"]
    assert in_order(names, "ar") == ["احتجاز", "آراء", "إعلام", "ٱلقانون", "أمن"]


def test_tashkeel_and_tatweel_are_ignored():
    assert sort_key("مـــدن", "ar")[0] == sort_key("مدن", "ar")[0]
    assert sort_key("مُدُن", "ar")[0] == sort_key("مدن", "ar")[0]
    assert in_order(["مـــدن", "مال", "موت"], "ar") == ["مال", "مـــدن", "موت"]


def test_arabic_follows_its_alphabet_with_persian_letters_beside_their_arabic_base():
    names = ["ياسمين", "گزارش", "تقرير", "پیام", "بيان", "كتاب", "ليبيا", "ثقافة", "چاپ", "جريدة", "حقوق"]
    assert in_order(names, "ar") == [
        "بيان", "پیام", "تقرير", "ثقافة", "جريدة", "چاپ", "حقوق", "كتاب", "گزارش", "ليبيا", "ياسمين",
    ]


def test_persian_keheh_and_yeh_sort_as_their_arabic_letters():
    assert sort_key("کتاب", "ar")[0] == sort_key("كتاب", "ar")[0]
    assert sort_key("ایران", "ar")[0] == sort_key("ايران", "ar")[0]


def test_each_language_puts_its_own_script_first():
    names = ["بيان", "report"]
    assert in_order(names, "en") == ["report", "بيان"]
    assert in_order(names, "ar") == ["بيان", "report"]


def test_digits_sort_by_value_in_either_script():
    assert sort_key("٢٠٢٤", "ar")[0] == sort_key("2024", "ar")[0]


def test_rows_are_sorted_by_their_name():
    rows = [{"name": "torture"}, {"name": "Detention"}]
    assert sorted_by_name(rows, "en") == [{"name": "Detention"}, {"name": "torture"}]
