"""What a user reads agrees with what nenbib does: the README's command table names every option
the CLI has (and none it lacks), --help names the readable formats, and an error names the option
of the command it comes from."""

from __future__ import annotations

import json
import re
import shutil

import click
import pytest

from nenbib.cli import cli
from nenbib.convert import readable_formats
from nenbib.formats import FORMATS

from conftest import RECORD_PATH, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands_section() -> str:
    match = re.search(r"^## Commands\n(.*?)^## ", README, re.S | re.M)
    assert match, "README lacks its Commands section"
    return match.group(1)


def _options() -> dict[str, set[str]]:
    """Every command's option names (long and short), --help aside."""
    found: dict[str, set[str]] = {}
    for name, command in cli.commands.items():
        names: set[str] = set()
        for param in command.params:
            if isinstance(param, click.Option):
                names.update(param.opts)
                names.update(param.secondary_opts)
        found[name] = names
    return found


def _rows(command: str) -> str:
    """The README's command-table rows about `nenbib <command>`."""
    rows = [line for line in _commands_section().splitlines() if line.startswith("| `nenbib ")]
    return "\n".join(r for r in rows if re.search(rf"`nenbib {command}\b", r))


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_readme_row_names_every_option(command):
    row = _rows(command)
    assert row, f"README's command table has no row for nenbib {command}"
    options = [p for p in cli.commands[command].params if isinstance(p, click.Option)]
    missing = [
        p.opts[0]
        for p in options
        if not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row) for o in p.opts + p.secondary_opts)
    ]
    assert not missing, f"README's row for nenbib {command} does not name {missing}"


def test_readme_names_no_option_the_cli_lacks():
    known = set().union(*_options().values())
    named = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", " ".join(re.findall(r"`([^`]*)`", _commands_section()))))
    assert named - known - {"-h", "--help"} == set()


@pytest.mark.parametrize("command", ["import", "convert"])
def test_help_names_the_readable_formats(capsys, command):
    code, out, _ = run_cli(capsys, command, "--help")
    text = re.sub(r"-\s+", "-", " ".join(out.split()))  # click wraps lines after a hyphen too
    assert code == 0
    assert "one of: " + ", ".join(readable_formats()) + " (" in text


def test_readme_formats_table_gives_every_ending():
    for f in FORMATS.values():
        row = re.search(rf"^\| `{f.name}` \| (.*?) \|", README, re.M)
        assert row, f.name
        assert re.findall(r"`([^`]*)`", row.group(1)) == list(f.suffixes)


def test_readme_says_which_formats_import_reads():
    row = re.search(r"^\| `nenbib import .*$", README, re.M)
    assert row
    unreadable = [name for name in FORMATS if name not in readable_formats()]
    assert unreadable and all(f"`{name}`" in row.group(0) for name in unreadable)


def test_convert_asks_for_its_own_input_option(capsys, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "convert", odd, "--to", "ris")
    assert code == 1
    assert err.count("\n") == 1 and "give --from" in err and "--format" not in err
    code, _, err = run_cli(capsys, "import", odd)
    assert code == 1 and "give --format" in err


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name not in readable_formats()])
@pytest.mark.parametrize("command", ["import", "convert"])
def test_a_written_only_format_is_named_not_guessed(capsys, tmp_path, fmt, command):
    exported = tmp_path / f"page{FORMATS[fmt].suffixes[0]}"
    code, _, err = run_cli(capsys, "export", "-q", "-o", exported)
    assert code == 0, err
    args = ("--to", "ris") if command == "convert" else ()
    code, _, err = run_cli(capsys, command, exported, *args)
    assert code == 1
    assert err.count("\n") == 1
    assert f"{exported}: nenbib writes {fmt} but cannot read it" in err
    assert "readable: " + ", ".join(readable_formats()) in err


def test_a_readable_ending_still_reads(capsys, tmp_path):
    source = tmp_path / "x.ris"
    shutil.copyfile(RECORD_PATH.with_suffix(".ris"), source)
    code, out, err = run_cli(capsys, "convert", source, "--to", "bibtex", "-q")
    assert code == 0, err
    assert out.startswith("@article{ohmoto2020genomic,")


def test_readme_says_how_to_build_what_the_check_hook_checks():
    """The nenbib-check hook runs `nenbib check` with its args; the README's build command for
    another repository takes the same --refs and --cff choice, or the hook never passes. (It said
    nothing, and check's advice then was a plain `nenbib build`: nenbib's own refs/.)"""
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    check = hooks["nenbib-check"]
    assert check["entry"] == "nenbib check"
    assert f"`nenbib build {' '.join(check['args'])}`" in " ".join(README.split())
    assert f"nenbib check {' '.join(check['args'])}" in README  # the Actions snippet checks the same


def test_readme_gives_the_order_in_which_a_folder_is_read(capsys, tmp_path):
    """The README's example names, in its order, are the order in which export, validate and build
    read a folder's records; a subfolder's records are not read."""
    said = re.search(r"in code-point\s+order of the file names.*?:\s+(`[^.]+\.json`(?:,\s+`[^`]+`)+)\.", README, re.S)
    assert said, "README does not say in which order a folder's records are read"
    names = re.findall(r"`([^`]+)`", said.group(1))
    assert len(names) >= 5 and names != sorted(names, key=str.lower)  # an order that case-folding would change
    record = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    refs = tmp_path / "refs"
    (refs / "sub").mkdir(parents=True)
    for i, name in reversed(list(enumerate(names))):  # written last first: the creation order is not read
        (refs / name).write_text(json.dumps({**record, "id": f"r{i}"}), encoding="utf-8")
    (refs / "sub" / "0.json").write_text(json.dumps({**record, "id": "sub"}), encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "-q", "-f", "csl-json", refs)
    assert code == 0, err
    assert [item["id"] for item in json.loads(out)] == [f"r{i}" for i in range(len(names))]
    code, out, _ = run_cli(capsys, "validate", "--format", "json", refs)
    assert (code, json.loads(out)["records"]) == (0, len(names))
    code, _, err = run_cli(capsys, "build", "--refs", refs, "--no-cff")
    assert code == 0, err
    written = [line.split("/")[-1] for line in err.splitlines() if line.endswith(".bib") and "biblatex" not in line]
    assert written == [n.removesuffix(".json") + ".bib" for n in names]
    # Of two records with one id, the later in that order is reported.
    (refs / names[0]).write_text(json.dumps({**record, "id": "r1"}), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", refs)
    assert code == 1 and err.startswith(f"{refs / names[1]}: /id: id 'r1' is already the id of the record in {refs / names[0]}")


def test_readme_installs_nenbib_from_where_it_is():
    """nenbib is published on no package index: `pip install nenbib`, the CI example's first
    choice, failed ("No matching distribution found"), and would install whatever another
    uploads under the name. Every install the README shows is of a checkout or of the repository."""
    installs = re.findall(r"pip install ([^\n#&]*)", README)
    assert installs, "README shows no install"
    for args in installs:
        targets = [a.strip("\"'") for a in args.split() if not a.startswith("-")]
        assert targets and all(t in (".", ".[test]") or t.startswith("git+https://") for t in targets), args


def test_formats_details_help_names_every_reader_it_reports():
    """`formats --help` said "one line per field a format loses", but --details also gives, for fields
    every format carries, what each reader of convert.READER_NOTES reads differently ('in JabRef: ...')."""
    from nenbib.convert import READER_NOTES

    option = next(p for p in cli.commands["formats"].params if p.name == "details")
    assert isinstance(option, click.Option) and option.help
    help_text = " ".join(option.help.split())
    for _, reader in READER_NOTES:
        assert reader in help_text, reader
