#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets, fuzz/corpus/<target>/ (committed).

The seeds come from the repository (the example project, the conformance suite, the test
fixtures, the `icp` examples of the docs) and from hostile inputs written here. Each input has
the layout its target reads (support/src/fuzz/):

- spec: files separated by NUL bytes: `a.icp`, then `icpl.toml`, then `b.icp`, `c.icp`, ...;
- records: two option bytes, the accounts file, then a NUL byte and a contacts file;
- lsp: what an editor writes to the server's standard input (`file:///ws/...` names the
  harness's workspace);
- diff: the old version, a NUL byte, the new version (without a NUL: the old one and its
  formatted text).

The committed corpus is exactly what this script writes: it empties each target's folder first,
and names every input after the SHA-1 of its bytes, so running it again gives the same files.
The fuzzer's own findings go to a working corpus that is not committed (docs/fuzzing.md).
Run from anywhere:

    python3 fuzz/seeds.py
"""

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
TARGETS = ("spec", "records", "lsp", "diff")
# Inputs above this size are left out: the fuzzer runs with -max_len=8192.
MAX_LEN = 8192


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_LEN:
        return
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def read(path):
    return (ROOT / path).read_bytes()


def icp_files(folder):
    return sorted(p for p in (ROOT / folder).rglob("*.icp"))


def doc_examples():
    """The fenced `icp` blocks of the docs."""
    blocks = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        text = md.read_text()
        blocks += re.findall(r"```icp\n(.*?)```", text, re.S)
    return blocks


SCHEMA = """account {
  employees: int
  revenue: money
  growth: percent
  sso: bool
  industry: enum { saas, fintech, retail }
  region: enum {
    emea { uk, germany }
    apac { japan, australia }
  }
  stage: ordered enum { seed, series_a, series_b, public }
  stack: set { crm, cdp, warehouse }
}

contact {
  seniority: ordered enum { ic, manager, director }
}
"""

HOSTILE_SPECS = [
    # Brackets that never close, on one line and on many.
    SCHEMA + "icp a {\n  require " + "(" * 2000 + "employees > 1\n}\n",
    SCHEMA + "icp a {\n" + "  require (employees > 1\n" * 100 + "}\n",
    SCHEMA + "icp a { require employees > 1 " + "}" * 500 + "\n",
    # Deep nesting and long chains.
    SCHEMA + "icp a {\n  require " + "not " * 1500 + "sso\n}\n",
    SCHEMA + "icp a {\n  require " + " or ".join(f"employees == {i}" for i in range(400)) + "\n}\n",
    SCHEMA + "icp a {\n  score {\n" + "".join(f"    s{i} +{i % 9 + 1} when employees > {i}\n" for i in range(200)) + "  }\n  tiers { A >= 100, B }\n}\n",
    # Control characters, escape sequences and bidirectional overrides in names and texts.
    SCHEMA + 'icp a\x1b[2J "\u202eevil\u202c" {\n  require employees > 1\x07\n}\n',
    SCHEMA + 'icp a "A" {\n  require industry in [saas\u2066, fin\x01tech]\n  description "line\rover"\n}\n',
    # Line endings: CRLF, lone CR, mixed; a byte-order mark; tabs.
    (SCHEMA + "icp a {\n  require employees > 1\n}\n").replace("\n", "\r\n"),
    (SCHEMA + "icp a {\n  require employees > 1\n}\n").replace("\n", "\r"),
    "\ufeff" + SCHEMA.replace("  ", "\t") + "icp a {\r\n\trequire employees > 1\r}\n",
    # Numbers at and past every limit.
    SCHEMA + "icp a {\n  require employees <= 9007199254740991 and employees > -9007199254740991\n  require revenue > $0.3 and revenue < $0.30000000000000001\n  require growth >= 99999999999999999999999999%\n}\n",
    SCHEMA + "icp a {\n  require revenue > $20m and revenue < $1.5B\n  require employees in 200-2000\n  require industry in (saas, fintech)\n  require stack has saas, crm\n}\n",
    # Broken blocks next to good ones, reserved words, stray text.
    SCHEMA + "icp a {\n  require employees > \n  score {\n    x +abc when sso\n  }\n  tiers { A: 50 }\n}\nicp b { require sso }\n persona p for a, b, nope {\n}\n",
    SCHEMA + "icp in { require in in [in] }\nexample e { account { employees: \"x\" } expect a match }\n",
    # Nothing but comments, suppressions and blank lines.
    "# only a comment\n\n\n# icpl: allow(unknown-lint)\n",
    SCHEMA + "# icpl: allow(overlapping-icps)\nicp a { require sso } # icpl: allow(redundant-criterion)\nicp b { require sso }\n",
    # Invalid UTF-8.
    b"account { x: int }\nicp a { require x > 1 } # \xff\xfe bad\n".decode("latin-1"),
]

HOSTILE_CONFIGS = [
    "[project]\nname = \"X\"\n[lints]\noverlapping-icps = \"deny\"\nnot-a-lint = \"warn\"\n",
    "[check]\nreview-max-age-days = -1\nmax-personas = 99999999999999999999\n",
    "[match]\ndecimal-comma = true\n[match.columns]\n\"Head Count\" = \"employes\"\n\"x\" = \"contact.nope\"\n",
    "[[[\n",
    "[lints]\nanalysis-incomplete = \"allow\"\nunsatisfiable-icp = \"info\"\n",
]


def spec_seeds():
    for path in icp_files("tests/fixtures") + icp_files("specs") + [ROOT / "conformance/spec.icp"]:
        write("spec", path.read_bytes())
    for block in doc_examples():
        write("spec", block)
    # The example project as a spec of several files and its settings.
    schema = read("specs/schema.icp")
    icps = b"".join(p.read_bytes() for p in icp_files("specs/icps"))
    personas = b"".join(p.read_bytes() for p in icp_files("specs/personas"))
    examples = read("specs/examples.icp")
    toml = read("specs/icpl.toml")
    write("spec", b"\0".join([schema, toml, icps, personas, examples]))
    write("spec", b"\0".join([icps, b"", schema]))
    for text in HOSTILE_SPECS:
        write("spec", text.encode("latin-1") if text.startswith("account { x") else text)
    for config in HOSTILE_CONFIGS:
        write("spec", (SCHEMA + "icp a { require sso }\n") + "\0" + config)
    write("spec", b"account { x: int }\n\xff\xfe\0[project]\nname = \"\xff\"\n")


# -------------------------------------------------------------------------------------------
# records

# Option bytes (support/src/fuzz/records.rs): low three bits the file names and format.
CSV, JSONL, SNIFF, TSV, NDJSON = 0, 1, 2, 3, 4
DECIMAL_COMMA, STRICT, CSV_OUT, EXPLAIN, ESCAPE_IDS = 8, 16, 32, 64, 128


def records(flags, accounts, contacts=None, delimiter=0):
    data = bytes([flags, delimiter]) + (accounts.encode() if isinstance(accounts, str) else accounts)
    if contacts is not None:
        data += b"\0" + (contacts.encode() if isinstance(contacts, str) else contacts)
    write("records", data)


def records_seeds():
    cases = [json.loads(line) for line in read("conformance/cases.jsonl").decode().splitlines() if line]
    accounts = []
    contacts = []
    for i, case in enumerate(cases):
        account = dict(case["account"], id=f"a{i}")
        accounts.append(json.dumps(account))
        if "contact" in case:
            contacts.append(json.dumps(dict(case["contact"], id=f"c{i}", account_id=f"a{i}")))
    jsonl = "\n".join(accounts) + "\n"
    records(JSONL, jsonl)
    records(JSONL | EXPLAIN, jsonl, "\n".join(contacts) + "\n")
    records(SNIFF | CSV_OUT, jsonl, "\n".join(contacts) + "\n")
    records(JSONL, "\ufeff" + jsonl.replace("\n", "\r\n"))
    records(JSONL, '{"id":"big","employees":1e309,"revenue":9007199254740992}\n{"id":"ok","employees":5}\nnot json\n{"id":"x","stack":["crm","crm",1]}\n')
    records(JSONL, b'{"id":"a","industry":"s\xffas"}\n{"id":"b","employees":12.0}\n{"id":"c","employees":-0}\n')
    records(JSONL, '{"id":"t","tools":["t0","t64","t128","t199","t200"],"employees":9007199254740991}\n{"id":"u","tools":[],"growth":-1e-18}\n')
    header = "id,employees,revenue,growth,sso,industry,region,stage,stack,tools"
    rows = [
        "a1,500,$5M,10%,true,saas,uk,series_b,warehouse,t0",
        "a2,\"1,500\",\"80,5M\",\"12,00\",yes,fintech,emea,seed,\"crm;cdp\",\"t1;t2\"",
        "a3,,,,,,,,,",
        "a4,abc,$1.5.5,%,maybe,sass,mars,ipo,nothing,t999",
        "a5,9007199254740992,-$0.000000000000000001,1e3,FALSE,retail,apac,public,[],t150",
    ]
    csv = header + "\n" + "\n".join(rows) + "\n"
    records(CSV, csv)
    records(CSV | CSV_OUT | ESCAPE_IDS, csv)
    records(CSV, csv.replace(",", ";"))
    records(CSV | DECIMAL_COMMA, csv.replace(",", ";").replace("$5M", "5,5M"))
    records(TSV, csv.replace(",", "\t"))
    records(CSV, csv.replace(",", "|"), delimiter=ord("|"))
    records(SNIFF | STRICT, "id,Employes,Head Count\nx,5,500\n")
    records(CSV, "Region;Industry\nuk;saas\n")
    records(CSV, "id,id,employees\nx,y,5\n")
    records(CSV, 'id,employees\n"multi\nline",5\n"\x1b[2J",6\n\u202eevil,7\n')
    records(CSV, b"id,industry,employees\n1,saas,500\n2,s\xffas,50\n3,retail,700\n")
    records(CSV, "id,employees\n1,500\n2,50,extra\n3\n")
    records(
        CSV,
        "id,employees,industry,region,revenue\na1,500,saas,uk,$5M\ndup,500,saas,uk,$5M\ndup,50,saas,uk,$5M\n,700,saas,uk,$5M\nopen,,saas,,\n",
        "id,account_id,Seniority Level,department\nc1,a1,director,sales\nc2,dup,manager,sales\nc3,open,ic,finance\nc4,nowhere,director,sales\nc5,,director,sales\n",
    )
    records(CSV | CSV_OUT, "id,employees\n", "id,account_id\n")
    records(CSV | EXPLAIN | CSV_OUT, csv)
    records(5, jsonl)
    records(6, csv)
    records(7, "")
    records(SNIFF, "")
    records(SNIFF, "\n\n\n")


# -------------------------------------------------------------------------------------------
# lsp


def frame(message):
    body = json.dumps(message, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(i, method, params):
    return {"jsonrpc": "2.0", "id": i, "method": method, "params": params}


def notification(method, params):
    return {"jsonrpc": "2.0", "method": method, "params": params}


def session(uri, text, extra=(), change=None):
    msgs = [
        request(1, "initialize", {"capabilities": {}, "processId": None, "rootUri": "file:///ws"}),
        notification("initialized", {}),
        notification("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "icpl", "version": 1, "text": text}}),
    ]
    doc = {"textDocument": {"uri": uri}}
    i = 2
    lines = text.splitlines() or [""]
    for line in range(0, len(lines), max(1, len(lines) // 6)):
        for character in (0, 4, 12):
            pos = dict(doc, position={"line": line, "character": character})
            for method in ("textDocument/hover", "textDocument/definition", "textDocument/completion"):
                msgs.append(request(i, method, pos))
                i += 1
    msgs.append(request(i, "textDocument/documentSymbol", doc))
    msgs.append(request(i + 1, "textDocument/formatting", dict(doc, options={"tabSize": 2, "insertSpaces": True})))
    if change is not None:
        msgs.append(notification("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": change}))
        msgs.append(request(i + 2, "textDocument/formatting", dict(doc, options={"tabSize": 2, "insertSpaces": True})))
    msgs += list(extra)
    msgs += [notification("textDocument/didClose", doc), request(999, "shutdown", None), notification("exit", None)]
    return b"".join(frame(m) for m in msgs)


def lsp_seeds():
    core = read("specs/icps/mid_market_saas.icp").decode()
    write("lsp", session("file:///ws/icps/core.icp", "icp core \"Core\" {\n  require employees >= 50\n  require industry in [saas]\n  score {\n    crm +10 when stack has crm\n  }\n  tiers { A >= 10, B }\n}\n"))
    write("lsp", session("file:///ws/personas/new.icp", "persona p for core {\n  require seniority >= manager\n}\n", change=[{"text": "persona p for nope {\n"}]))
    write("lsp", session("untitled:Untitled-1", core))
    write("lsp", session("file:///ws/icps/core.icp", "icp core {\r  require employees >= 50\r}\r", change=[{"range": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 9}}, "text": "exclude"}]))
    write("lsp", session("file:///ws/nowhere/deep/x.icp", read("conformance/spec.icp").decode()))
    write("lsp", session("file:///ws/icpl.toml", "[project]\nname = 1\n"))
    hello = frame(request(1, "initialize", {"capabilities": {}}))
    bye = frame(request(2, "shutdown", None)) + frame(notification("exit", None))
    body = json.dumps(request(5, "textDocument/hover", {"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}})).encode()
    broken = [
        b"Content-Length: 5\r\n\r\n" + body,
        b"Content-Length: 9999\r\n\r\n" + body,
        b"X-Nonsense\r\n" + b"Content-Length: %d\r\n\r\n" % len(body) + body,
        b"}]junk" + b"Content-Length: %d\r\n\r\n" % len(body) + body,
        b"Content-Length: many\r\n\r\n" + body,
        b"Content-Type: application/json\r\n\r\n" + body,
        b"Content-Length: 10\r\n\r\n{not json}",
        b"Content-Length: 7\r\n\r\n[1,2,3]",
        b"Content-Length: 2\r\n\r\n{}",
        b"Content-Length: 1000000000\r\n\r\nx",
        frame(request(7, "textDocument/hover", {"bad": True})),
        frame(request(8, "no/such/method", {})),
        frame(notification("textDocument/didOpen", {"textDocument": {"uri": "file:///etc/passwd.icp", "languageId": "icpl", "version": 1, "text": "icp a {"}})),
        frame(request(9, "initialize", {"capabilities": {}})),
    ]
    for b in broken:
        write("lsp", hello + b + bye)
    write("lsp", b"".join(broken))
    write("lsp", frame(request(1, "textDocument/hover", {})) + bye)


# -------------------------------------------------------------------------------------------
# diff


def diff_seeds():
    conformance = read("conformance/spec.icp").decode()
    variants = [
        conformance.replace("100..1000", "100..2000"),
        conformance.replace("revenue > $1M", "revenue >= $1M"),
        conformance.replace("+30", "+35").replace("A >= 40", "A >= 45"),
        conformance.replace('icp broad "Broad"', 'icp wide "Broad"'),
        conformance.replace("exclude stack has crm and not sso\n", ""),
        conformance.replace("retail }", "retail, media }"),
        conformance.replace("require seniority >= manager", "require seniority >= director"),
        conformance + "\nicp extra {\n  require sso\n}\n",
    ]
    for v in variants:
        write("diff", conformance + "\0" + v)
        write("diff", v + "\0" + conformance)
    write("diff", conformance)
    write("diff", read("specs/schema.icp") + read("specs/icps/mid_market_saas.icp"))
    write("diff", SCHEMA + "icp a { require revenue > $0.3 }\0" + SCHEMA + "icp a { require revenue > $0.30000000000000001 }\n")
    write("diff", SCHEMA + "icp a { require employees < 9007199254740991 }\0" + SCHEMA + "icp a { require employees <= 9007199254740991 }\n")
    for block in doc_examples():
        write("diff", block)


if __name__ == "__main__":
    for target in TARGETS:
        folder = OUT / target
        if folder.is_dir():
            for f in folder.iterdir():
                f.unlink()
    spec_seeds()
    records_seeds()
    lsp_seeds()
    diff_seeds()
    for target in TARGETS:
        files = list((OUT / target).iterdir())
        print(f"{target}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
