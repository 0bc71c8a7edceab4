"""Ranking candidate answers by fit with the profile (real MiniLM, real rules extractor)."""

from __future__ import annotations

from personify import Personify


def _ranked(engine: Personify, said: str, question: str, options: list[str]) -> list[str]:
    user = engine.user("ana")
    user.observe(said)
    return [fit.option for fit in user.rank_options(question, options)]


def test_a_disliked_thing_named_in_an_option_sinks_it(engine: Personify) -> None:
    options = [
        "Read comprehensive research papers on cutting-edge AI algorithms.",
        "Follow AI news and blogs for concise updates.",
        "Enroll in an online course with extensive reading materials.",
    ]
    said = "I dislike reading long articles or research papers."
    ranked = _ranked(engine, said, "How do I keep up with AI?", options)
    assert ranked[0] == options[1]
    assert ranked.index(options[0]) > ranked.index(options[1])


def test_prefer_x_over_y_counts_against_y(engine: Personify) -> None:
    options = ["Attend traditional lectures and take notes.", "Build a small project each week."]
    said = "I prefer project-based learning over traditional classroom instruction."
    assert _ranked(engine, said, "How should I learn history?", options) == options[::-1]


def test_disliking_what_lacks_x_is_liking_x(engine: Personify) -> None:
    options = ["Read a statistics textbook on your own.", "Join a weekly statistics study group."]
    said = "I dislike courses that don't involve group work."
    assert _ranked(engine, said, "How do I learn statistics?", options) == options[::-1]
