"""The public Python API (nenbib.load_record, validate_record, export) answers wrong input as the CLI
does: a Problem or one NenbibError line, never an internal exception from deeper down."""

from __future__ import annotations

import enum
import json
import math

import pytest
from markupsafe import Markup

import nenbib
from nenbib.validate import Problem


class Level(enum.IntEnum):
    ONE = 1


# (value, the start of the message): values that no JSON file holds. A set, bytes and an object made
# jsonschema-rs raise ValueError; a tuple was valid or not by which engine validated it.
NOT_JSON = {
    "set": ({"a", "b"}, "{"),
    "frozenset": (frozenset(), "frozenset() is a frozenset, not a JSON value"),
    "bytes": (b"Ohmoto", "b'Ohmoto' is a bytes, not a JSON value"),
    "nan": (math.nan, "nan is no JSON number (JSON has no NaN or infinity)"),
    "infinity": (-math.inf, "-inf is no JSON number"),
    "object": (object(), "<object object at "),
    "tuple": (("Ohmoto",), "('Ohmoto',) is a tuple, not a JSON value"),
    "str subclass": (Markup("<i>x</i>"), "Markup('<i>x</i>') is a Markup, not a plain str; write str(value)"),
    "int subclass": (Level.ONE, "<Level.ONE: 1> is a Level, not a plain int; write int(value)"),
}


@pytest.mark.parametrize("name", NOT_JSON)
@pytest.mark.parametrize("at", [("title",), ("authors", 0, "family"), ("keywords", 1), ("issued", "year")])
def test_a_value_no_json_file_holds_is_a_problem_at_its_pointer(record_dict, name, at):
    value, message = NOT_JSON[name]
    node = record_dict
    for key in at[:-1]:
        node = node[key]
    node[at[-1]] = value
    problems = nenbib.validate_record(record_dict)
    assert [(p.pointer, p.rule) for p in problems] == [("".join(f"/{k}" for k in at), "schema:type")]
    assert problems[0].message.startswith(message)


@pytest.mark.parametrize("name", NOT_JSON)
def test_a_top_level_value_no_json_file_holds_is_a_problem(name):
    value, message = NOT_JSON[name]
    (problem,) = nenbib.validate_record(value)
    assert (problem.pointer, problem.rule) == ("/", "schema:type") and problem.message.startswith(message)


@pytest.mark.parametrize(
    ("value", "kind"), [([{"id": "x"}], "an array"), ("x", "a string"), (3, "a number"), (None, "null"), (True, "true or false")]
)
def test_a_top_level_json_value_that_is_no_object_is_one_short_problem(value, kind):
    # As `nenbib validate` says it (a list of records used to be quoted whole in the message).
    assert nenbib.validate_record(value) == [Problem(None, "/", "schema:type", f"a record is a JSON object, not {kind}")]


def test_a_key_that_is_no_string_is_a_problem_at_its_object(record_dict):
    record_dict["journal"][7] = "seven"
    record_dict[("a",)] = 1
    problems = nenbib.validate_record(record_dict)
    assert [(p.pointer, p.rule, p.message) for p in problems] == [
        ("/", "schema:type", "has the key ('a',), a tuple: a JSON object's keys are plain strings"),
        ("/journal", "schema:type", "has the key 7, an int: a JSON object's keys are plain strings"),
    ]


def test_every_value_no_json_file_holds_is_reported_once(record_dict):
    record_dict["title"] = b"t"
    record_dict["authors"][1]["given"] = math.nan
    record_dict["keywords"] = ("a", "b")
    assert [p.pointer for p in nenbib.validate_record(record_dict)] == ["/authors/1/given", "/keywords", "/title"]


def test_a_dict_that_holds_itself_or_nests_absurdly_is_a_problem_not_a_hang(record_dict):
    # jsonschema-rs recursed without end into the first, and jsonschema hit RecursionError on the second.
    loop: dict = {}
    loop["x"] = loop
    deep: list = ["x"]
    for _ in range(100_000):
        deep = [deep]
    for value, pointer in ((loop, "/journal" + "/x" * 63), (deep, "/keywords" + "/0" * 63)):
        problems = nenbib.validate_record({**record_dict, "journal" if value is loop else "keywords": value})
        assert [(p.pointer, p.rule) for p in problems] == [(pointer, "json-depth")]
        assert "nested more than 64 levels deep" in problems[0].message


def test_json_values_and_their_subclasses_that_json_readers_give_stay_valid(record_dict):
    from collections import OrderedDict

    class Authors(list):
        pass

    record_dict["journal"] = OrderedDict(record_dict["journal"])
    record_dict["authors"] = Authors(record_dict["authors"])
    assert nenbib.validate_record(record_dict) == []
    assert nenbib.validate_record(json.loads(json.dumps(record_dict))) == []


def test_a_csl_json_item_is_named_as_the_cli_names_it():
    item = {"id": "x", "type": "article-journal", "title": "T", "author": [{"family": "F"}], "DOI": "10.1/x"}
    (problem,) = nenbib.validate_record(item)
    assert problem.rule == "not-a-record" and "`nenbib convert` or `nenbib import` reads it" in problem.message
