"""The public Python API (nenbib.load_record, validate_record, export) answers wrong input as the CLI
does: a Problem or one NenbibError line, never an internal exception from deeper down."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
import math
import subprocess
import sys
import typing

import pytest
from markupsafe import Markup

import nenbib
import nenbib.errors
from nenbib.validate import Problem

from conftest import RECORD_PATH, REFS


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


# ---- export and load_record: wrong types are one UsageError line ------------------------------


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (3, "export takes a Record or an iterable of Records, not an int"),
        (None, "export takes a Record or an iterable of Records, not None"),
        ("ohmoto2020genomic", "export takes a Record or an iterable of Records, not a str"),
        ({"id": "x"}, "export takes a Record or an iterable of Records, not a dict"),
    ],
)
def test_export_of_what_is_no_record_is_a_usage_error(records, message):
    # They were TypeError ('int' object is not iterable) or AttributeError ('str' object has no attribute 'journal').
    with pytest.raises(nenbib.errors.UsageError) as caught:
        nenbib.export(records, "ris")
    assert str(caught.value) == message + " (nenbib.load_record makes a Record of a record file)"


def test_export_names_the_item_that_is_no_record(record, record_dict):
    for records, message in (
        ([record, 3], "export: item 1 of the records is not a Record but an int"),
        ((r for r in [record_dict]), "export: item 0 of the records is not a Record but a dict"),
    ):
        with pytest.raises(nenbib.errors.UsageError) as caught:
            nenbib.export(records, "bibtex")
        assert str(caught.value) == message + " (nenbib.load_record makes a Record of a record file)"


@pytest.mark.parametrize("fmt", [None, 3, ["ris"], "nope"])
def test_export_to_what_is_no_format_name_is_a_usage_error(record, fmt):
    # A list raised TypeError (unhashable) from the registry lookup.
    with pytest.raises(nenbib.errors.UsageError, match=r"^unknown format .*; one of bibtex, biblatex, ris, "):
        nenbib.export(record, fmt)


def test_export_takes_one_record_a_list_or_any_iterable(record):
    one = nenbib.export(record, "RIS")
    assert one.startswith("TY  - JOUR\r\n") and nenbib.export([record], "ris") == one == nenbib.export(iter([record]), "ris")
    assert nenbib.export([], "ris") == ""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (3, "load_record takes the path of a record file (str or os.PathLike), not an int"),
        ({"id": "x"}, "load_record takes the path of a record file (str or os.PathLike), not a dict (a record dict: "),
        (b"refs/x.json", "load_record takes the path of a record file (str or os.PathLike), not a bytes (os.fsdecode "),
        (["refs/x.json"], "load_record takes the path of a record file (str or os.PathLike), not a list (nenbib.records.iter"),
        ("", 'load_record: an empty path ("") names no file'),
    ],
)
def test_load_record_of_what_is_no_path_is_a_usage_error(path, message):
    # 3 was "3: no such file", a dict its whole repr and ": no such file", "" the current folder's first record.
    with pytest.raises(nenbib.errors.UsageError) as caught:
        nenbib.load_record(path)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_load_record_of_a_folder_is_an_error_not_its_first_record(tmp_path):
    # It returned the first record of the folder as if the folder were that record.
    with pytest.raises(nenbib.errors.InputError) as caught:
        nenbib.load_record(REFS)
    assert str(caught.value) == (
        f"{REFS}: is a folder, not a record file; nenbib.records.iter_records(path) gives each record"
        " (nenbib validate / nenbib export read them all) [file]"
    )
    with pytest.raises(nenbib.NenbibError, match=r"missing\.json: no such file \[file\]$"):
        nenbib.load_record(tmp_path / "missing.json")


def test_load_record_takes_str_and_path_alike():
    assert nenbib.load_record(RECORD_PATH) == nenbib.load_record(str(RECORD_PATH)) == nenbib.load_record()


def test_iter_records_takes_one_path_or_several_and_refuses_the_rest():
    from nenbib.records import iter_records

    # A str was iterated letter by letter: "r: no such file".
    assert [r.id for r in iter_records(str(RECORD_PATH))] == [r.id for r in iter_records([RECORD_PATH])] == ["ohmoto2020genomic"]
    for paths, message in ((3, "not an int"), ([RECORD_PATH, 3], "paths as str or os.PathLike, not an int")):
        with pytest.raises(nenbib.errors.UsageError, match=message):
            iter_records(paths)


def test_export_refuses_two_records_of_one_id_as_the_cli_does(record):
    # It wrote both: two @article{ohmoto2020genomic, entries, of which BibTeX, biber and pandoc keep one.
    other = dataclasses.replace(record, id="OHMOTO2020GENOMIC", title="Another")  # ids compare without case
    for records in ([record, record], [record, other]):
        with pytest.raises(nenbib.errors.ValidationError) as caught:
            nenbib.export(records, "bibtex")
        (problem,) = caught.value.problems
        assert (problem.pointer, problem.rule) == ("/1/id", "id-unique")
        assert str(caught.value) == (
            f"records: /1/id: id {records[1].id!r} is already the id of the record in records /0 [id-unique]"
        )
    assert nenbib.export([record, dataclasses.replace(record, id="ohmoto2020b")], "bibtex").count("@article{") == 2


def test_load_record_of_a_file_of_several_records_is_an_error_not_the_first(tmp_path, record_dict):
    # It returned the first record, without a word, even when the second was invalid or of the same id.
    path = tmp_path / "collection.json"
    others = [{**record_dict, "id": "b2020"}, {"not": "a record"}]
    path.write_text(json.dumps([record_dict, *others]), encoding="utf-8")
    with pytest.raises(nenbib.errors.UsageError) as caught:
        nenbib.load_record(path)
    assert str(caught.value) == (
        f"{path}: holds 3 records, and load_record reads a file of one; nenbib.records.iter_records(path) gives"
        " each record (nenbib validate / nenbib export read them all)"
    )
    # What the message names reads them, and says what is wrong with the third.
    from nenbib.records import iter_records

    records = iter_records(path)
    assert [next(records).id, next(records).id] == ["ohmoto2020genomic", "b2020"]
    with pytest.raises(nenbib.errors.ValidationError, match=r"collection\.json: /2: "):
        next(records)


def test_load_record_of_an_array_of_one_record_is_that_record(tmp_path, record_dict):
    path = tmp_path / "one.json"
    path.write_text(json.dumps([record_dict]), encoding="utf-8")
    assert nenbib.load_record(path) == nenbib.load_record(RECORD_PATH)
    for text, message in (
        ("[]", r"one\.json: the array holds no records \[file\]$"),
        (f"[{json.dumps(record_dict)}, {{", "malformed JSON"),
    ):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(nenbib.errors.InputError, match=message):
            nenbib.load_record(path)


PUBLIC_CALLABLES = [name for name in nenbib.__all__ if callable(getattr(nenbib, name))]


@pytest.mark.parametrize("name", PUBLIC_CALLABLES)
def test_every_public_callable_s_type_hints_resolve(name):
    # Annotations naming types imported for type checkers only raised NameError in get_type_hints,
    # which typeguard, pydantic's validate_call and sphinx-autodoc-typehints call.
    obj = getattr(nenbib, name)
    for target in [obj.__init__] if isinstance(obj, type) else [obj]:
        hints = typing.get_type_hints(target)
        params = [p for p in inspect.signature(target).parameters.values() if p.name != "self"]
        assert set(hints) == {p.name for p in params} | {"return"}, "every parameter and the return annotated"
        assert not [h for h in hints.values() if isinstance(h, (str, typing.ForwardRef))]
    assert len(PUBLIC_CALLABLES) >= 4  # export, load_record, validate_record, NenbibError


def test_type_hints_resolve_in_a_fresh_interpreter_without_a_heavy_import_on_import_nenbib():
    # The functions load on first use (PEP 562): `import nenbib` imports no module, and asking for a
    # function's hints first, before any call, resolves them.
    code = (
        "import sys, typing; before = set(sys.modules); import nenbib; print(sorted(set(sys.modules) - before));"
        "print(typing.get_type_hints(nenbib.export)['records']);"
        "print(typing.get_type_hints(nenbib.load_record)['return'], typing.get_type_hints(nenbib.validate_record)['return'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.splitlines() == [
        "['nenbib']",
        "nenbib.model.Record | collections.abc.Iterable[nenbib.model.Record]",
        "<class 'nenbib.model.Record'> list[nenbib.validate.Problem]",
    ]
