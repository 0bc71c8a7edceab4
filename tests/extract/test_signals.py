"""Implicit choices among options the assistant offered."""

from __future__ import annotations

from personify.learn.extract.signals import ChoiceExtractor, chosen_option, offered_options
from personify.models import Event

OFFER = (
    "There are a few options nearby for lunch. 1. The salad bar at the health food store has "
    "many gluten-free choices. 2. The new sandwich shop has delicious panini on freshly baked "
    "bread. 3. The Italian restaurant down the street is known for homemade pasta."
)


def turns(selection: str, offer: str = OFFER) -> tuple[Event, list[Event]]:
    context = [
        Event(user_id="u", role="user", text="What are some good lunch options near the office?"),
        Event(user_id="u", role="assistant", text=offer),
    ]
    return Event(user_id="u", role="user", text=selection), context


def test_options_are_parsed_from_numbered_and_bulleted_lists() -> None:
    assert len(offered_options(OFFER)) == 3
    bullets = "Pick one:\n- Cologne by train\n- Brussels by train\n* Paris by plane"
    assert offered_options(bullets) == ["Cologne by train", "Brussels by train", "Paris by plane"]
    assert offered_options("I think 2. is a good number.") == []


def test_options_listed_in_prose() -> None:
    offer = (
        "There are a few ways to learn Rust. You could read the official book cover to cover (1), "
        "take an online course with lessons, quizzes, and projects (2), or build a small "
        "command-line tool yourself (3)."
    )
    assert offered_options(offer) == [
        "read the official book cover to cover",
        "take an online course with lessons, quizzes, and projects",
        "build a small command-line tool yourself",
    ]
    lunch = "For lunch you could have a tuna wrap, a fresh green salad, or a bowl of lentil soup."
    assert offered_options(lunch) == [
        "have a tuna wrap",
        "a fresh green salad",
        "a bowl of lentil soup",
    ]
    assert offered_options("We serve breakfast, lunch, and dinner.") == []  # words, not options
    assert offered_options("I liked the view. It was calm.") == []


def test_the_sentence_with_the_choice_names_the_pick() -> None:
    options = [
        "Gloomhaven is an epic fantasy adventure game with incredible depth.",
        "Descent is a thrilling dungeon-crawling fantasy board game.",
        "Codenames is a fun word association game without fantasy themes.",
    ]
    # the whole reply mentions "fantasy" and "game" (other options' words) as much as the pick
    reply = "I'll go with Codenames. The fantasy games don't appeal to me, game nights need fun."
    assert chosen_option(reply, options) == 2
    hikes = ["How about a day at the beach", "We could go for a hike in the hills", "Try kayaking"]
    assert chosen_option("The hiking option sounds great. Water is not my thing.", hikes) == 1


def test_choice_by_quote_and_by_ordinal() -> None:
    options = offered_options(OFFER)
    assert chosen_option("The salad bar sounds good.", options) == 0
    assert chosen_option("Let's go with the second one", options) == 1
    assert chosen_option("option 3 please", options) == 2
    assert chosen_option("Hmm, none of these, honestly.", options) is None


def test_chosen_is_positive_and_passed_over_negative() -> None:
    event, context = turns(
        "The salad bar at the health food store sounds good. The other options don't work for me."
    )
    found = ChoiceExtractor().extract(event, context)
    chosen = [c for c in found if c.polarity == 1.0]
    passed = [c for c in found if c.polarity == -1.0]
    assert len(chosen) == 1 and "salad bar" in chosen[0].object
    assert len(passed) == 2
    assert all(c.origin == "implicit" for c in found)
    assert passed[0].confidence == 0.45  # "the other options don't work" strengthens it
    assert chosen[0].metadata["asked"] == "What are some good lunch options near the office?"
    # merely not picking an option is no dislike: it stays on the choice as weak evidence
    weaker = ChoiceExtractor().extract(*turns("The salad bar sounds good."))
    assert [c.polarity for c in weaker] == [1.0]
    assert len(weaker[0].metadata["passed_over"]) == 2


def test_no_offer_no_choice() -> None:
    event, context = turns("The salad bar sounds good.", offer="Happy to help with lunch!")
    assert ChoiceExtractor().extract(event, context) == []


def test_a_pick_for_someone_else_is_not_the_users_taste() -> None:
    offer = "Ideas:\n1. An RHS membership\n2. A pair of good secateurs\n3. A rose pruning course"
    context = [
        Event(user_id="u", role="user", text="birthday present for my mum, she's mad about roses"),
        Event(user_id="u", role="assistant", text=offer),
    ]
    selection = Event(user_id="u", role="user", text="rhs membership is a good shout")
    found = ChoiceExtractor().extract(selection, context)
    assert [(c.kind.value, c.polarity, c.metadata.get("about")) for c in found] == [
        ("fact", None, "other")
    ]


def test_a_text_that_turns_an_option_down_does_not_pick_it() -> None:
    from personify.read.agreement import stances_in

    offer = (
        "Here are some options:\n1. Lake Garda: hiking and swimming\n"
        "2. Dolomites: via ferrata\n3. Cinque Terre: coastal walks"
    )
    assert stances_in([offer, 'Turned down "Lake Garda: hiking and swimming"']) == []
    assert stances_in([offer, "the dolomites one please"])[0][2].startswith("Dolomites")


def test_a_sentence_turning_an_option_down_names_no_pick() -> None:
    from personify.learn.extract.signals import chosen_option

    options = [
        "Gravel cycling: low impact on the shoulder",
        "Kayaking (check with your surgeon first)",
        "Orienteering with the local club",
    ]
    said = "Gravel cycling sounds fun. Kayak is probably not clever with my shoulder."
    assert chosen_option(said, options) == 0
    then = "Kayak is probably not clever with my knee. Orienteering then."
    assert chosen_option(then, options) == 2
    assert chosen_option("kayaking is too risky for me", options) is None


def test_a_choice_names_the_option_not_its_description() -> None:
    offer = (
        "Three places with safe food: 1. Mama Eat (separate gluten-free kitchen). "
        "2. Trattoria Da Enzo: great carbonara, busy at night. 3. Pizzeria Ai Marmi - cash only."
    )
    found = ChoiceExtractor().extract(*turns("Mama Eat it is, thanks", offer))
    assert [(c.polarity, c.object) for c in found] == [(1.0, "Mama Eat")]
    assert "gluten-free kitchen" in found[0].text  # the whole option stays as evidence


def test_options_the_user_weighed_in_their_own_question() -> None:
    from personify.learn.extract.signals import weighed_options

    assert weighed_options("baking this weekend, apple strudel or linzer torte?") == [
        "apple strudel",
        "linzer torte",
    ]
    assert weighed_options("options: Crete, Sardinia or the Azores. I want quiet") == [
        "Crete",
        "Sardinia",
        "the Azores",
    ]
    assert weighed_options("what should I cook tonight?") == []
    context = [
        Event(user_id="u", role="user", text="in vienna. which is better, sachertorte or demel"),
        Event(user_id="u", role="assistant", text="Both are classics; it depends on taste."),
    ]
    answer = Event(user_id="u", role="user", text="went to both. demel, no contest")
    found = ChoiceExtractor().extract(answer, context)
    assert [(c.polarity, c.object) for c in found] == [(1.0, "demel")]
    # the assistant's own list, when it offers one, is what the answer picks from
    offer = Event(user_id="u", role="assistant", text="1. Sachertorte\n2. Linzer torte\n3. Strudel")
    assert chosen_option("strudel please", offered_options(offer.text)) == 2


def test_a_thing_the_assistant_named_taken_up_by_name() -> None:
    context = [
        Event(user_id="u", role="user", text="ordering thai tonight, what do I get"),
        Event(user_id="u", role="assistant", text="Panang is rich but mild; jungle curry is hot."),
    ]

    def picked(text: str) -> list[tuple[float | None, str | None]]:
        found = ChoiceExtractor().extract(Event(user_id="u", role="user", text=text), context)
        return [(c.polarity, c.object) for c in found]

    assert picked("panang sounds right") == [(1.0, "panang")]
    assert picked("ok let's go with the panang") == [(1.0, "panang")]
    assert picked("that sounds good") == []  # no name
    assert picked("friday sounds good") == []  # a day, not a thing
    assert picked("massaman sounds good") == []  # never named by the assistant


def test_an_answer_that_opens_with_a_short_name_picks_it() -> None:
    lenses = "Three solid options:\n1. Sony 24-70mm f/2.8 GM II\n2. Sigma 35mm f/1.4\n3. Sony 85mm"
    options = offered_options(lenses)
    assert chosen_option("the sigma 35. good price and very sharp", options) == 1
    laptops = offered_options("Options: Lenovo Legion 5, ASUS TUF A15, or a MacBook Air M3.")
    assert chosen_option("the legion. asus also looked ok but the screen is better", laptops) == 0
    # no name, or a name turned down, opens the answer: no pick
    assert chosen_option("thanks, I will think about it", options) is None
    assert chosen_option("not the sigma, too pricey", options) is None
    # a judgment opening the answer names no pick: the name after it does
    food = offered_options(
        "Try leitão (suckling pig) from the Bairrada area, chanfana (goat stew), and pastéis de "
        "Tentúgal for dessert."
    )
    said = "leitão was ok i guess. the pastéis de tentúgal though?? obsessed"
    assert chosen_option(said, food) == 2


def test_a_taste_asked_about_and_answered_by_name_is_a_weak_liking() -> None:
    asked = "What do you usually have for breakfast before a long run?"
    event, context = turns("oats w banana. my running club does saturday long runs", offer=asked)
    found = ChoiceExtractor().extract(event, context)
    assert [(c.object, c.polarity, c.origin) for c in found] == [("oats w banana", 1.0, "implicit")]
    for said in ("nothing, I skip it", "honestly no idea", "I'm not sure"):
        assert ChoiceExtractor().extract(*turns(said, offer="Any favourite breakfast?")) == []


def test_alternatives_in_the_assistants_question_are_options_unless_offers_to_act() -> None:
    found = ChoiceExtractor().extract(
        *turns("bosch. my mum had one for 20 years", offer="Which one, the Bosch or the Miele?")
    )
    assert [c.object for c in found] == ["the Bosch"]
    offer = "Shall I draft the email or summarise the notes first?"
    assert ChoiceExtractor().extract(*turns("draft the email pls", offer=offer)) == []


def test_options_described_in_brackets_are_still_options() -> None:
    offer = (
        "Options within ~4 hours: Madeira (levada hikes, great seafood), Tenerife (Teide, though "
        "the flight is ~4h15), or Malta (coastal walks, food). Madeira fits hiking best."
    )
    options = offered_options(offer)
    assert [o.split(" (")[0] for o in options] == ["Madeira", "Tenerife", "Malta"]
    assert options[0] == "Madeira (levada hikes, great seafood)"  # what it is, kept with it
    found = ChoiceExtractor().extract(
        *turns("madeira! we did malta 2 years ago anyway", offer=offer)
    )
    assert [(c.polarity, c.object) for c in found] == [(1.0, "Madeira")]  # Malta: not disliked
    # a list of bare words with no brackets is still no list of options
    assert offered_options("It has eggs, flour, and sugar.") == []


def test_a_thing_taken_up_in_any_sentence_of_the_answer() -> None:
    offer = "Try Children of Time by Adrian Tchaikovsky, or The Martian."
    said = "read the martian ages ago, the movie too. children of time sounds cool"
    found = ChoiceExtractor().extract(*turns(said, offer=offer))
    assert [(c.polarity, c.object) for c in found] == [(1.0, "children of time")]
    assert ChoiceExtractor().extract(*turns("ok. friday sounds good", offer=offer)) == []


def test_a_pick_keeps_what_the_option_says_of_itself() -> None:
    offer = (
        "For a night shift: a lentil soup (mercimek), simit with white cheese, a plain chicken "
        "wrap, or yoghurt with honey."
    )
    found = ChoiceExtractor().extract(*turns("mercimek always good", offer=offer))
    assert [(c.polarity, c.object) for c in found] == [(1.0, "a lentil soup")]
    assert "mercimek" in found[0].text
