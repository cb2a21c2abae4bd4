"""Bad input: one clear line with the position, exit 2, no traceback, no network or file access,
nothing half-written."""

from __future__ import annotations

import http.server
import os
import threading

import pytest

from tests.conftest import ROOT, run_cli_process


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize("name, data, message", [
    pytest.param("undefined-prefix.ttl", "@prefix a: <http://a/> .\n\n  b:x a:y a:z .\n",
                 "{path}:3:3: The prefix b: has not been declared", id="undefined-prefix"),
    pytest.param("bad-utf8.ttl", b'<http://a> <http://b> "caf\xe9" .\n',
                 "{path}:1:27: invalid UTF-8 (byte 0xe9)", id="invalid-utf8"),
    pytest.param("bad-utf8-line2.ttl", b'# ok\n<http://a> <http://b> "\xff" .\n',
                 "{path}:2:24: invalid UTF-8 (byte 0xff)", id="invalid-utf8-line-2"),
    pytest.param("unterminated.ttl", '<http://a> <http://b> "open .\n',
                 "{path}:1:23: ", id="unterminated-string"),
    pytest.param("deep.jsonld", '{"@id": "http://a", "http://p": ' + '{"http://p": ' * 20000 + "1" + "}" * 20001,
                 "{path}:1:", id="deep-json-ld"),
    pytest.param("entities.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                 '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rdf:RDF '
                 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                 "{path}:2:1: RDF/XML with a DTD or entity declarations is refused", id="xml-entities"),
    pytest.param("external-entity.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM '
                 '"file:///etc/passwd">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                 "{path}:2:1: RDF/XML with a DTD or entity declarations is refused", id="xml-external-entity"),
    pytest.param("data.csv", "a,b\n", "{path}: cannot tell the RDF format from the extension '.csv'",
                 id="unknown-extension"),
])
def test_parse_errors_give_position_and_exit_2(tmp_path, cli, name, data, message):
    path = write(tmp_path, name, data)
    code, out, err = cli("validate", "--no-user-data", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith("dramagraph: error: " + message.format(path=path))
    assert err.count("\n") == 1 and "Traceback" not in err


def test_deep_json_ld_does_not_crash_the_process(tmp_path):
    # Oxigraph's JSON-LD parser crashes the interpreter on very deep input; we refuse it first.
    # The 257th "{" opens at column 33 + 255 * 13 = 3348.
    path = write(tmp_path, "deep.jsonld", '{"@id": "http://a", "http://p": ' + '{"http://p": ' * 20000
                 + "1" + "}" * 20001)
    result = run_cli_process("validate", "--no-user-data", str(path))
    assert result.returncode == 2
    assert result.stderr == f"dramagraph: error: {path}:1:3348: JSON nested deeper than 256 levels\n"


def test_deeply_nested_turtle_is_a_clear_error(tmp_path, cli):
    path = write(tmp_path, "deep.ttl", "<http://a> <http://b> " + "[ <http://p> " * 50000 + " .")
    code, out, err = cli("validate", "--no-user-data", str(path))
    assert code == 2 and err.startswith(f"dramagraph: error: {path}:1:")


def test_missing_file(tmp_path, cli):
    code, _, err = cli("validate", str(tmp_path / "nope.ttl"))
    assert (code, err) == (2, f"dramagraph: error: {tmp_path / 'nope.ttl'}: cannot read: "
                              f"No such file or directory\n")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.requests.append(self.path)
        body = b'{"@context": {"name": "https://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_json_ld_remote_context_is_refused_without_any_request(tmp_path, cli):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/context.jsonld"
        path = write(tmp_path, "remote.jsonld", '{"@context": "%s", "@id": "http://a", "name": "x"}' % url)
        code, _, err = cli("validate", "--no-user-data", str(path))
    finally:
        server.shutdown()
    assert code == 2
    assert err == (f"dramagraph: error: {path}:1:14: the JSON-LD context <{url}> is remote and is not fetched "
                   f"(dramagraph makes no network requests); put the context inline in the file (only "
                   f"schema.org's context is known offline)\n")
    assert _Recorder.requests == []


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, cli, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_text("old content\n", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    code, _, err = cli("build", "--no-user-data", "--out", str(target))
    assert code == 2
    assert err == f"dramagraph: error: {target}: cannot write: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_output_is_utf8_whatever_the_locale():
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
    result = run_cli_process("provenance", "--no-user-data", "ryo nishikido", "--property", "name", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Ryō Nishikido (person) <https://w3id.org/dramagraph/person/ryo-nishikido>"


# ------------------------------------------------------------------ hostile sizes and depths
LEVELS = 1_000_000


def deep_files(tmp_path):
    """A million levels of nesting in each syntax that nests (15-25 MB each)."""
    prefix = "<http://a> <http://b> "
    return {
        "brackets.ttl": (prefix + "[ <http://p> " * LEVELS + "1" + " ]" * LEVELS + " .", len(prefix) + 256 * 13 + 1),
        "lists.ttl": (prefix + "( " * LEVELS + "1" + " )" * LEVELS + " .", len(prefix) + 256 * 2 + 1),
        "graph.trig": ("<http://g> { " + prefix + "[ <http://p> " * LEVELS + "1" + " ]" * LEVELS + " . }",
                       len("<http://g> { ") + len(prefix) + 255 * 13 + 1),  # the graph's { is a level
        "formulas.n3": (prefix + "{ <http://s> <http://p> " * LEVELS + " }" * LEVELS + " .",
                        len(prefix) + 256 * 24 + 1),
    }


@pytest.mark.parametrize("command", ["add", "validate", "load"])
def test_a_million_levels_of_nesting_are_refused_at_once(tmp_path, command):
    # Before: `add` took 71 s and 4.6 GB, and the data folder it left made every command slow. The
    # 257th level is refused before parsing (a generous timeout: any real parse would blow it).
    for name, (text, column) in deep_files(tmp_path).items():
        path = write(tmp_path, name, text)
        argv = {"add": ["add", str(path)], "validate": ["validate", "--no-user-data", str(path)],
                "load": ["load", str(path), "--store", str(tmp_path / "store")]}[command]
        result = run_cli_process(*argv, timeout=30)
        assert (name, result.returncode, result.stdout) == (name, 2, "")
        assert result.stderr == (f"dramagraph: error: {path}:1:{column}: nested deeper than 256 levels of "
                                 f"[ ], ( ) and {{ }}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(deep_files(tmp_path))  # no store, nothing added


def test_deeply_nested_rdf_xml_is_refused_at_once(tmp_path):
    # 100,000 nested elements kept Oxigraph's RDF/XML parser busy for 228 s
    levels = 100_000
    text = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://ex/">\n' + "<rdf:Description><ex:p>" * levels + "x"
            + "</ex:p></rdf:Description>" * levels + "\n</rdf:RDF>\n")
    path = write(tmp_path, "deep.rdf", text)
    for argv in (["validate", "--no-user-data", str(path)], ["load", str(path), "--store", str(tmp_path / "s")]):
        result = run_cli_process(*argv, timeout=30)
        # the 256th element inside rdf:RDF: 127 pairs of Description and property, then a Description
        assert (result.returncode, result.stderr) == (
            2, f"dramagraph: error: {path}:3:{127 * 23 + 17 + 1}: XML elements nested deeper than 256 levels\n")


def test_ordinary_nesting_is_not_refused(tmp_path, cli):
    text = ("@prefix ex: <http://ex/> .\n# a comment with [ [ [ and ( ( (\n"
            'ex:a ex:p """a long string [[[ ((( {{{\nover lines""" ; ex:q "[(" , \'{{\' ;\n'
            "   ex:r ( 1 2 [ ex:s ( 3 [ ex:t ex:u\\#v ] ) ] ) ; ex:w <http://ex/x(y)> .\n"
            + "ex:b ex:p " + "[ ex:p " * 255 + "1" + " ]" * 255 + " .\n")
    path = write(tmp_path, "fine.ttl", text)
    code, out, err = cli("validate", "--no-user-data", str(path))
    assert (code, out) == (0, "")


def _run_measured(tmp_path, *argv):
    """Run the CLI in a child process; return (exit code, stderr, its peak RSS in MB: VmHWM, which a
    new program starts afresh, unlike ru_maxrss that inherits the forking parent's)."""
    import subprocess
    import sys

    report = tmp_path / "vmhwm.txt"
    code = ("import sys\nfrom graph.cli import main\ntry:\n    rc = main(sys.argv[1:])\nfinally:\n"
            "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            f"    open({str(report)!r}, 'w').write(hwm.split()[1])\nsys.exit(rc)\n")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120,
                            cwd=ROOT)
    return result.returncode, result.stderr, int(report.read_text()) / 1024


def test_add_refuses_a_file_over_the_limit_before_reading_it(tmp_path):
    path = tmp_path / "garbage.ttl"
    with open(path, "wb") as f:
        f.truncate(100 * 2**20)  # 100 MB of zero bytes
    code, err, peak_mb = _run_measured(tmp_path, "add", str(path))
    assert (code, err) == (
        2, f"dramagraph: error: {path}: 100.0 MB is over the 32 MB limit for a file read whole; load large data "
           f"into a store with `dramagraph load FILE... --store DIR`\n")
    assert peak_mb < 100, f"the refused add used {peak_mb:.0f} MB: it read the file"


def test_validate_refuses_a_file_over_the_limit(tmp_path, cli):
    path = tmp_path / "big.nt"
    with open(path, "wb") as f:
        f.truncate(33 * 2**20)
    assert cli("validate", "--no-user-data", str(path)) == (
        2, "", f"dramagraph: error: {path}: 33.0 MB is over the 32 MB limit for a file read whole; load large "
               f"data into a store with `dramagraph load FILE... --store DIR`\n")


def test_a_string_literal_over_16_mb_is_one_line(tmp_path, cli):
    path = write(tmp_path, "long.ttl", b'<http://a> <http://b> "' + b"x" * (20 * 2**20) + b'" .\n')
    assert cli("validate", "--no-user-data", str(path)) == (
        2, "", f"dramagraph: error: {path}: a token (a string literal or an IRI) longer than 16 MB: more than the "
               f"RDF parser can hold\n")


def test_a_100_mb_string_literal_is_refused_by_load_with_one_line(tmp_path):
    path = tmp_path / "huge.nt"
    with open(path, "wb") as f:
        f.write(b'<http://a> <http://b> "')
        chunk = b"x" * 2**20
        for _ in range(100):
            f.write(chunk)
        f.write(b'" .\n')
    result = run_cli_process("load", str(path), "--store", str(tmp_path / "store"))
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", f"dramagraph: error: {path}: a token (a string literal or an IRI) longer than 16 MB: more than the "
               f"RDF parser can hold\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.nt"]
