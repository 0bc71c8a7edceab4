from personify.lexical import query_terms


def test_query_terms_drop_stop_words_and_keep_content() -> None:
    assert query_terms("What did Caroline say about the LGBTQ support group?") == [
        "caroline",
        "say",
        "lgbtq",
        "support",
        "group",
    ]
    assert query_terms("I'm in 2023, isn't it?") == ["2023"]
    assert query_terms("the the THE") == []
    assert query_terms("Ça va? café crème") == ["ça", "va", "café", "crème"]
