//! The language server, driven as an editor drives it: in process over
//! `Connection::memory()`, and end to end over the real binary's standard input and output.

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use icpl::lsp::{self, Outcome};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// How long any single answer may take before a test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

const CONFIG: &str = "[project]\nname = \"Test\"\n";

const SCHEMA: &str = "\
# The vocabulary every rule is checked against.
account {
  industry: enum { saas \"SaaS\", fintech, retail }
  employees: int
  region: enum {
    emea \"EMEA\" { uk \"UK\", germany }
    apac { japan }
  }
  tech_stack: set { snowflake, hubspot, pipedrive } \"tech stack\"
}

contact {
  seniority: ordered enum { individual, manager, director, vp }
  department: enum { sales, marketing, revops }
}
";

const ICPS: &str = "\
icp mid_market \"Mid-market SaaS\" {
  summary \"SaaS companies that have outgrown spreadsheets.\"
  owner \"revops@example.com\"
  reviewed 2026-10-01
  require industry in [saas, fintech]
  require employees in 200..2000
  exclude tech_stack has pipedrive
}
";

const PERSONAS: &str = "\
# Personas for café owners 😀 and their teams.
persona rachel \"RevOps Rachel\" for mid_market {
  summary \"Owns the data stack.\"
  owner \"revops@example.com\"
  reviewed 2026-10-01
  require department in [revops, sales]
  require seniority >= manager
  goals [\"Trustworthy numbers\"]
  pains [\"Manual exports\"]
}

example \"Scale-up\" {
  account { industry: saas, employees: 450, region: germany, tech_stack: [snowflake] }
  contact { department: revops, seniority: director }
  expect mid_market
  expect persona rachel
}
";

/// A spec root in a temporary folder: `icpl.toml` and three files.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let project = Project { dir };
        project.write("icpl.toml", CONFIG);
        project.write("schema.icp", SCHEMA);
        project.write("icps/icps.icp", ICPS);
        project.write("personas.icp", PERSONAS);
        project
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }

    fn uri(&self, name: &str) -> String {
        lsp::convert::path_to_uri(&self.path(name))
    }
}

/// The byte ranges of the lines of a text as LSP counts them (a line ends at `\n`, `\r\n` or a
/// lone `\r`), each without its line break. Written here from the protocol, independently of
/// the server's own code.
fn lsp_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, text.len()));
    lines
}

/// The byte offset of an LSP position (clamped to its line), by [`lsp_lines`].
fn lsp_offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap_or_default() as usize;
    let col = p["character"].as_u64().unwrap_or_default() as usize;
    let Some(&(start, end)) = lsp_lines(text).get(line) else {
        return text.len();
    };
    let mut units = 0;
    for (i, ch) in text[start..end].char_indices() {
        if units >= col {
            return start + i;
        }
        units += ch.len_utf16();
    }
    end
}

/// The 0-based line and UTF-16 column of the `nth` occurrence of `needle` in `text`, plus
/// `shift` UTF-16 units.
fn position(text: &str, needle: &str, nth: usize, shift: u32) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let lines = lsp_lines(text);
    let line = lines.iter().rposition(|&(s, _)| s <= at).unwrap_or(0);
    let column = text[lines[line].0..at].encode_utf16().count() as u32 + shift;
    json!({ "line": line, "character": column })
}

/// The text a range covers.
fn covered(text: &str, range: &Value) -> String {
    text[lsp_offset(text, &range["start"])..lsp_offset(text, &range["end"])].to_string()
}

/// A text with LSP edits applied, as an editor applies them.
fn apply_edits(text: &str, edits: &Value) -> String {
    let mut out = text.to_string();
    let mut edits: Vec<&Value> = edits
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    // From the end, so that earlier ranges stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse(lsp_offset(text, &e["range"]["start"])));
    for e in edits {
        let start = lsp_offset(text, &e["range"]["start"]);
        let end = lsp_offset(text, &e["range"]["end"]);
        out.replace_range(start..end, e["newText"].as_str().unwrap_or_default());
    }
    out
}

/// An editor talking to a server thread over an in-memory connection.
struct Client {
    conn: Connection,
    server: Option<thread::JoinHandle<Outcome>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
}

impl Client {
    fn start() -> Client {
        let (server, conn) = Connection::memory();
        let handle = thread::spawn(move || lsp::serve(&server, common::options()));
        Client {
            conn,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
        }
    }

    /// Started and initialized.
    fn initialized() -> (Client, Value) {
        let mut client = Client::start();
        let result = client
            .request(
                "initialize",
                json!({ "capabilities": {}, "processId": null }),
            )
            .unwrap_or_else(|e| panic!("initialize failed: {e:?}"));
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&self, msg: Message) {
        self.conn
            .sender
            .send(msg)
            .unwrap_or_else(|e| panic!("the server is gone: {e}"));
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|e| panic!("no message from the server: {e}"))
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification {
            method: method.to_string(),
            params,
        }));
    }

    /// Sends a request and waits for its response: the result, or the error's code and
    /// message.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request {
            id: id.clone(),
            method: method.to_string(),
            params,
        }));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return r.response_result.map_err(|e| (e.code, e.message));
                }
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// Waits for the next notification of a method (earlier ones first).
    fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.pending.iter().position(|n| n.method == method) {
            return self.pending.remove(i).params;
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method => return n.params,
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// Waits for the diagnostics published for a URI, skipping those of other files.
    fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let params = self.notification("textDocument/publishDiagnostics");
            if params["uri"] == uri {
                return params;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "icp", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Value {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, position: Value) -> Result<Value, (i32, String)> {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": position }),
        )
    }

    /// `shutdown`, `exit`, and how the server says the session ended.
    fn finish(mut self) -> Outcome {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.join()
    }

    fn join(&mut self) -> Outcome {
        let handle = self.server.take().unwrap_or_else(|| panic!("joined twice"));
        handle
            .join()
            .unwrap_or_else(|_| panic!("the server thread panicked"))
    }
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {items}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn initialize_advertises_the_capabilities() {
    let (client, result) = Client::initialized();
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full text sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert!(caps["completionProvider"]["triggerCharacters"].is_array());
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "icpl");
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn a_clean_spec_publishes_empty_diagnostics_and_resolves_across_files() {
    let project = Project::new();
    let (mut client, _) = Client::initialized();
    // The persona names an ICP of another file: checked as one spec, nothing is wrong.
    let published = client.open(&project.uri("personas.icp"), PERSONAS);
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    assert_eq!(published["version"], 1);
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn diagnostics_have_utf16_ranges_codes_severities_and_help() {
    let project = Project::new();
    let uri = project.uri("personas.icp");
    let (mut client, _) = Client::initialized();
    client.open(&uri, PERSONAS);
    // An error after non-ASCII text, on the line below another line of it.
    let text = PERSONAS.replace(
        "  pains [\"Manual exports\"]",
        "  pains [\"Café 😀\"]  require employes >= 5",
    );
    let published = client.change(&uri, 2, &text);
    assert_eq!(published["version"], 2);
    let diags = published["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{published}"));
    assert_eq!(diags.len(), 1, "{published}");
    let d = &diags[0];
    assert_eq!(d["code"], "unknown-attribute");
    assert_eq!(d["severity"], 1, "an error");
    assert_eq!(d["source"], "icpl");
    let message = d["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("unknown attribute `employes`"),
        "{message}"
    );
    assert!(
        message.contains("help: did you mean `employees`?"),
        "{message}"
    );
    // `é` is one UTF-16 unit (two bytes) and `😀` two (four bytes): column 29, not 32 or 28.
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 8, "character": 29 }, "end": { "line": 8, "character": 37 } })
    );
    assert_eq!(covered(&text, &d["range"]), "employes");
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn a_contradiction_relates_its_lines_and_a_fix_clears_it() {
    let project = Project::new();
    let uri = project.uri("icps/icps.icp");
    let (mut client, _) = Client::initialized();
    client.open(&uri, ICPS);
    let broken = ICPS.replace(
        "require employees in 200..2000",
        "require employees >= 500\n  require employees < 200",
    );
    let published = client.change(&uri, 2, &broken);
    let diags = published["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{published}"));
    let d = diags
        .iter()
        .find(|d| d["code"] == "unsatisfiable-icp")
        .unwrap_or_else(|| panic!("no contradiction in {published}"));
    assert_eq!(d["severity"], 1);
    assert_eq!(covered(&broken, &d["range"]), "mid_market");
    let related = d["relatedInformation"]
        .as_array()
        .unwrap_or_else(|| panic!("no related information: {d}"));
    let lines: Vec<String> = related
        .iter()
        .map(|r| {
            assert_eq!(r["location"]["uri"], uri.as_str());
            covered(&broken, &r["location"]["range"])
        })
        .collect();
    assert_eq!(lines, ["employees >= 500", "employees < 200"]);
    assert!(related.iter().all(|r| r["message"].is_string()));

    // Fixed: the file's diagnostics are cleared.
    let published = client.change(&uri, 3, ICPS);
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(published["version"], 3);
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn files_that_are_not_open_get_diagnostics_and_have_them_cleared() {
    let project = Project::new();
    let icps = project.uri("icps/icps.icp");
    let personas = project.uri("personas.icp");
    let (mut client, _) = Client::initialized();
    client.open(&icps, ICPS);
    // Renaming the ICP breaks the persona and the example in a file that is not open.
    let renamed = ICPS.replace("icp mid_market", "icp core_market");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": icps, "version": 2 }, "contentChanges": [{ "text": renamed }] }),
    );
    let published = client.diagnostics(&personas);
    assert!(published["version"].is_null(), "not open: no version");
    let found = codes(&published);
    assert!(found.iter().all(|c| c == "unknown-icp"), "{found:?}");
    assert!(found.len() >= 2, "{found:?}");
    // Renamed back: the other file's diagnostics are cleared.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": icps, "version": 3 }, "contentChanges": [{ "text": ICPS }] }),
    );
    assert_eq!(client.diagnostics(&personas)["diagnostics"], json!([]));
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn hover_explains_attributes_criteria_and_icps() {
    let project = Project::new();
    let icps = project.uri("icps/icps.icp");
    let personas = project.uri("personas.icp");
    let (mut client, _) = Client::initialized();
    client.open(&icps, ICPS);
    client.open(&personas, PERSONAS);

    let hover = |client: &mut Client, uri: &str, at: Value| -> String {
        let result = client
            .at("textDocument/hover", uri, at)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(result["contents"]["kind"], "markdown", "{result}");
        result["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // An attribute in a criterion: its type and values.
    let text = hover(&mut client, &icps, position(ICPS, "industry", 0, 2));
    assert!(
        text.contains("account.industry: enum { saas \"SaaS\", fintech, retail }"),
        "{text}"
    );
    let text = hover(&mut client, &icps, position(ICPS, "employees", 0, 0));
    assert!(text.contains("account.employees: int"), "{text}");
    assert!(text.contains("A whole number."), "{text}");

    // A criterion: in plain English, from its keyword or its constants.
    let text = hover(
        &mut client,
        &icps,
        position(ICPS, "require employees", 0, 1),
    );
    assert_eq!(text, "**require**: Companies with 200 to 2,000 employees");
    let text = hover(&mut client, &icps, position(ICPS, "2000", 0, 1));
    assert!(text.contains("200 to 2,000 employees"), "{text}");
    let text = hover(&mut client, &icps, position(ICPS, "exclude", 0, 0));
    assert!(text.contains("Tech stack includes pipedrive"), "{text}");

    // An ICP, where it is declared and where a persona names it.
    let text = hover(
        &mut client,
        &personas,
        position(PERSONAS, "mid_market", 0, 3),
    );
    assert!(
        text.starts_with("**ICP** `mid_market`: Mid-market SaaS"),
        "{text}"
    );
    assert!(
        text.contains("SaaS companies that have outgrown spreadsheets."),
        "{text}"
    );
    assert!(text.contains("- industry: SaaS or fintech"), "{text}");
    assert!(text.contains("**Personas**: `rachel`"), "{text}");
    let again = hover(&mut client, &icps, position(ICPS, "mid_market", 0, 0));
    assert_eq!(text, again);

    // A value, with its place in the hierarchy.
    let text = hover(&mut client, &personas, position(PERSONAS, "germany", 0, 0));
    assert!(
        text.contains("value `germany` of `account.region`"),
        "{text}"
    );
    assert!(text.contains("Within `emea`"), "{text}");

    // A narrative field.
    let text = hover(&mut client, &personas, position(PERSONAS, "goals", 0, 0));
    assert!(text.contains("What they are trying to achieve."), "{text}");

    // Nothing under the cursor, and a position far past the end: no hover, no failure.
    let nothing = client.at(
        "textDocument/hover",
        &personas,
        json!({ "line": 0, "character": 3 }),
    );
    assert_eq!(nothing, Ok(Value::Null));
    let far = client.at(
        "textDocument/hover",
        &personas,
        json!({ "line": 9999, "character": 9999 }),
    );
    assert_eq!(far, Ok(Value::Null));
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn definition_goes_to_icps_attributes_and_values() {
    let project = Project::new();
    let icps = project.uri("icps/icps.icp");
    let personas = project.uri("personas.icp");
    let schema = project.uri("schema.icp");
    let (mut client, _) = Client::initialized();
    client.open(&icps, ICPS);
    client.open(&personas, PERSONAS);

    let mut go = |uri: &str, at: Value| -> (String, String) {
        let result = client
            .at("textDocument/definition", uri, at)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let locations = result.as_array().unwrap_or_else(|| panic!("{result}"));
        assert_eq!(locations.len(), 1, "{result}");
        let target = locations[0]["uri"].as_str().unwrap_or_default().to_string();
        let text = if target == schema {
            SCHEMA
        } else if target == icps {
            ICPS
        } else {
            PERSONAS
        };
        (target, covered(text, &locations[0]["range"]))
    };

    // From a persona's `for` clause to the ICP, in another file.
    let (uri, text) = go(&personas, position(PERSONAS, "mid_market", 0, 4));
    assert_eq!((uri.as_str(), text.as_str()), (icps.as_str(), "mid_market"));
    // From an example's expectation to the ICP and to the persona.
    let (uri, text) = go(&personas, position(PERSONAS, "expect mid_market", 0, 8));
    assert_eq!((uri.as_str(), text.as_str()), (icps.as_str(), "mid_market"));
    let (uri, text) = go(&personas, position(PERSONAS, "persona rachel", 1, 9));
    assert_eq!((uri.as_str(), text.as_str()), (personas.as_str(), "rachel"));
    // From a criterion to the attribute, and to an enum value, in the schema file.
    let (uri, text) = go(&icps, position(ICPS, "employees", 0, 3));
    assert_eq!(
        (uri.as_str(), text.as_str()),
        (schema.as_str(), "employees")
    );
    let (uri, text) = go(&icps, position(ICPS, "fintech", 0, 2));
    assert_eq!((uri.as_str(), text.as_str()), (schema.as_str(), "fintech"));
    let (uri, text) = go(&personas, position(PERSONAS, "germany", 0, 1));
    assert_eq!((uri.as_str(), text.as_str()), (schema.as_str(), "germany"));

    // A string has no definition.
    let none = client.at(
        "textDocument/definition",
        &personas,
        position(PERSONAS, "Owns", 0, 1),
    );
    assert_eq!(none, Ok(Value::Null));
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn completion_offers_attributes_values_fields_and_ids() {
    let project = Project::new();
    let uri = project.uri("icps/icps.icp");
    let (mut client, _) = Client::initialized();
    client.open(&uri, ICPS);

    let complete_at_end_of = |client: &mut Client, version: i32, line: &str| -> Vec<String> {
        let text = ICPS.replace("  exclude", &format!("{line}\n  exclude"));
        client.change(&uri, version, &text);
        let at = position(&text, line, 0, line.encode_utf16().count() as u32);
        let result = client
            .at("textDocument/completion", &uri, at)
            .unwrap_or_else(|e| panic!("{e:?}"));
        labels(&result)
    };

    let got = complete_at_end_of(&mut client, 2, "  require ");
    assert_eq!(got, ["industry", "employees", "region", "tech_stack"]);
    let got = complete_at_end_of(&mut client, 3, "  require region in [emea, ");
    assert_eq!(got, ["uk", "germany", "apac", "japan"]);
    let got = complete_at_end_of(&mut client, 4, "  require industry in [");
    assert_eq!(got, ["saas", "fintech", "retail"]);
    let got = complete_at_end_of(&mut client, 5, "  motiv");
    assert!(got.contains(&"motivations".to_string()), "{got:?}");
    assert!(got.contains(&"require".to_string()), "{got:?}");
    assert!(
        !got.contains(&"titles".to_string()),
        "titles are for personas: {got:?}"
    );

    client.change(&uri, 6, ICPS);
    let personas = project.uri("personas.icp");
    let text = PERSONAS.replace("for mid_market {", "for  {");
    client.open(&personas, &text);
    let result = client
        .at(
            "textDocument/completion",
            &personas,
            position(&text, "for  {", 0, 4),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(labels(&result), ["mid_market"]);
    let item = &result[0];
    assert_eq!(item["detail"], "Mid-market SaaS");
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn document_symbols_outline_the_file() {
    let project = Project::new();
    let uri = project.uri("schema.icp");
    let (mut client, _) = Client::initialized();
    client.open(&uri, SCHEMA);
    let result = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s["name"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(names(&result), ["account", "contact"]);
    let account = &result[0];
    assert_eq!(
        names(&account["children"]),
        ["industry", "employees", "region", "tech_stack"]
    );
    let region = &account["children"][2];
    assert_eq!(region["detail"], "enum");
    assert_eq!(names(&region["children"]), ["emea", "apac"]);
    assert_eq!(names(&region["children"][0]["children"]), ["uk", "germany"]);
    assert_eq!(covered(SCHEMA, &region["selectionRange"]), "region");

    let personas = project.uri("personas.icp");
    client.open(&personas, PERSONAS);
    let result = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": personas } }),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(names(&result), ["rachel", "Scale-up"]);
    assert_eq!(result[0]["detail"], "RevOps Rachel");
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn formatting_rewrites_the_whole_document_through_the_formatter() {
    let project = Project::new();
    let uri = project.uri("schema.icp");
    let (mut client, _) = Client::initialized();
    let format = |client: &mut Client| {
        client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
    };
    // A messy document: one edit over all of it, with the formatter's text.
    let messy = "account {   employees:int\n   region : enum {emea {uk,  germany}}}\n# Café 😀";
    client.open(&uri, messy);
    let edits = format(&mut client).unwrap_or_else(|e| panic!("{e:?}"));
    let expected = icpl::fmt::format_file(messy).unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(expected, messy);
    assert_eq!(
        edits,
        json!([{
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 2, "character": 9 } },
            "newText": expected,
        }])
    );
    // Already formatted: no edit.
    client.change(&uri, 2, &expected);
    assert_eq!(format(&mut client), Ok(json!([])));
    // Syntax errors: an error, and the document is left alone.
    client.change(&uri, 3, "account { employees: int\n");
    let failed = format(&mut client);
    let (code, message) = failed
        .err()
        .unwrap_or_else(|| panic!("formatted a broken file"));
    assert_eq!(code, -32803);
    assert!(message.contains("syntax errors"), "{message}");
    assert_eq!(client.finish(), Outcome::Clean);
}

/// A `file:` buffer is checked whatever is on disk around it: a folder that does not exist (at
/// any depth, on `localhost`, with escaped characters), a folder that exists without the file.
#[test]
fn buffers_are_checked_whether_or_not_their_folder_is_on_disk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let on_disk = lsp::convert::path_to_uri(&dir.path().join("new.icp"));
    let missing = lsp::convert::path_to_uri(&dir.path().join("not/yet/created/b.icp"));
    let uris = [
        "file:///no-such-folder-for-icpl/a.icp".to_string(),
        "file://localhost/no-such-folder-for-icpl/deeper/c%20d%C3%A9.icp".to_string(),
        missing,
        on_disk,
    ];
    let (mut client, _) = Client::initialized();
    let text = "account { employees: int }\nicp x {   require employes > 1 }\n";
    for uri in &uris {
        let published = client.open(uri, text);
        assert_eq!(
            codes(&published),
            ["unknown-attribute"],
            "{uri}: {published}"
        );
        let range = &published["diagnostics"][0]["range"];
        assert_eq!(covered(text, range), "employes", "{uri}");
        let edits = client
            .request(
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            )
            .unwrap_or_else(|e| panic!("{uri}: {e:?}"));
        let expected = icpl::fmt::format_file(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(apply_edits(text, &edits), expected, "{uri}");
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    assert_eq!(client.finish(), Outcome::Clean);
}

/// Every mix of line breaks (`\n`, `\r\n`, a lone `\r`): diagnostics point at the line and
/// columns the editor shows, a comment ends at a lone `\r`, ranged edits land where the editor
/// means, and a formatting edit turns the buffer into exactly the formatted text.
#[test]
fn mixed_line_breaks_keep_positions_edits_and_formatting_right() {
    const BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];
    let lines = [
        "account {   employees:int",
        "  # a comment that must end at its line break",
        "  region: enum { emea { uk }, apac { japan } }",
        "}",
        "icp a \"Café 😀\" {",
        "  require employes > 1",
        "  # one more",
        "  require region in [uk]",
        "}",
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut client, _) = Client::initialized();
    for case in 0..40usize {
        let uri = lsp::convert::path_to_uri(&dir.path().join(format!("mixed{case}.icp")));
        let mut text = String::new();
        for (i, line) in lines.iter().enumerate() {
            text.push_str(line);
            // A different mix of breaks for every case.
            text.push_str(BREAKS[(case / 3usize.pow(i as u32 % 4) + i) % 3]);
        }
        let published = client.open(&uri, &text);
        let diags = published["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(codes(&published), ["unknown-attribute"], "{text:?}");
        let range = &diags[0]["range"];
        assert_eq!(range["start"]["line"], 5, "{text:?}");
        assert_eq!(covered(&text, range), "employes", "{text:?}");

        // A ranged edit at the misspelt name fixes it.
        let start = position(&text, "employes", 0, 0);
        let end = position(&text, "employes", 0, 8);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": start, "end": end }, "text": "employees" }],
            }),
        );
        let published = client.diagnostics(&uri);
        assert_eq!(codes(&published), Vec::<String>::new(), "{text:?}");
        let fixed = text.replacen("employes", "employees", 1);

        // The formatting edit, applied as an editor applies it, gives the formatter's text.
        let edits = client
            .request(
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        let expected = icpl::fmt::format_file(&fixed).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(apply_edits(&fixed, &edits), expected, "{fixed:?}");
        assert!(
            expected.contains("# one more\n  require region"),
            "{expected}"
        );
        // Closed, so that the next case's document is the spec's only file.
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn bad_requests_get_protocol_errors_and_the_server_goes_on() {
    let project = Project::new();
    let uri = project.uri("schema.icp");
    let mut client = Client::start();

    // Before `initialize`: requests are refused, notifications dropped.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early.map_err(|e| e.0), Err(-32002));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "icp", "version": 1, "text": SCHEMA } }),
    );
    client
        .request("initialize", json!({ "capabilities": {} }))
        .unwrap_or_else(|e| panic!("{e:?}"));
    client.notify("initialized", json!({}));
    let twice = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(twice.map_err(|e| e.0), Err(-32600));

    // An unknown method, and parameters of the wrong shape.
    let unknown = client.request("textDocument/teleport", json!({}));
    assert_eq!(
        unknown,
        Err((-32601, "unknown method `textDocument/teleport`".to_string()))
    );
    let bad = client.request("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(bad.map_err(|e| e.0), Err(-32602));
    // A notification that cannot be read is reported in the client's log.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    let log = client.notification("window/logMessage");
    assert_eq!(log["type"], 1);
    assert!(
        log["message"]
            .as_str()
            .is_some_and(|m| m.contains("textDocument/didOpen")),
        "{log}"
    );
    // Unknown notifications are ignored; a response answers nothing.
    client.notify("$/somethingElse", json!({}));
    client.send(Message::Response(lsp_server::Response::new_ok(
        RequestId::from(999),
        (),
    )));
    // A request about a document that is not open has no answer, but no failure either.
    let unopened = client.at(
        "textDocument/hover",
        &project.uri("nowhere.icp"),
        json!({ "line": 0, "character": 0 }),
    );
    assert_eq!(unopened, Ok(Value::Null));

    // Still serving: a file that does not parse gets diagnostics, and answers still come.
    let broken =
        "account {\n  industry: enum { saas, fintech\n}\nicp x { require industry in [saas }\n";
    let published = client.open(&uri, broken);
    assert!(!codes(&published).is_empty(), "{published}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(symbols.is_ok(), "{symbols:?}");
    let hover = client.at(
        "textDocument/hover",
        &uri,
        json!({ "line": 3, "character": 20 }),
    );
    assert!(hover.is_ok(), "{hover:?}");

    // After `shutdown`, requests are refused; `exit` ends the session cleanly.
    assert_eq!(client.request("shutdown", Value::Null), Ok(Value::Null));
    let late = client.request("textDocument/hover", json!({}));
    assert_eq!(late.map_err(|e| e.0), Err(-32600));
    client.notify("exit", Value::Null);
    assert_eq!(client.join(), Outcome::Clean);
}

#[test]
fn exit_without_shutdown_is_abrupt() {
    let (mut client, _) = Client::initialized();
    client.notify("exit", Value::Null);
    assert_eq!(client.join(), Outcome::Abrupt);
}

#[test]
fn closing_the_last_document_of_a_spec_clears_its_diagnostics() {
    let project = Project::new();
    let uri = project.uri("icps/icps.icp");
    let (mut client, _) = Client::initialized();
    let published = client.open(&uri, "icp broken {\n  require nothing_here > 1\n}\n");
    assert_eq!(codes(&published), ["unknown-attribute"]);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn unsaved_files_join_their_spec_and_hidden_ones_stand_alone() {
    let project = Project::new();
    let (mut client, _) = Client::initialized();
    // A new file that is not on disk yet is part of the spec: the schema resolves.
    let fresh = project.uri("icps/new.icp");
    let published = client.open(&fresh, "icp fresh {\n  require employees > 5000\n}\n");
    assert_eq!(codes(&published), Vec::<String>::new(), "{published}");
    // A file in a hidden folder is not read by `icpl check` of the root: it is checked alone.
    let hidden = project.uri(".drafts/draft.icp");
    let published = client.open(&hidden, "icp draft {\n  require employees > 10\n}\n");
    assert_eq!(codes(&published), ["missing-schema"], "{published}");
    assert_eq!(client.finish(), Outcome::Clean);
}

#[test]
fn a_document_outside_any_folder_is_checked_alone() {
    let (mut client, _) = Client::initialized();
    let uri = "untitled:Untitled-1";
    let published = client.open(
        uri,
        "account { employees: int }\nicp x { require employes > 1 }\n",
    );
    assert_eq!(codes(&published), ["unknown-attribute"]);
    let result = client
        .at(
            "textDocument/hover",
            uri,
            json!({ "line": 1, "character": 17 }),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(result.is_null() || result["contents"].is_object());
    assert_eq!(client.finish(), Outcome::Clean);
}

// ---------------------------------------------------------------------------------------------
// Every input: whatever is typed, every request is answered without an internal error.

/// Pieces of text an edit inserts: tokens of the language, brackets, and text that is not.
const PIECES: &[&str] = &[
    "require ",
    "exclude ",
    "icp ",
    "persona ",
    "for ",
    "example ",
    "account {",
    "contact {",
    "expect ",
    "tier ",
    "score {",
    "tiers {",
    "in [",
    "has any [",
    "not ",
    " and ",
    " or ",
    "employees",
    "region",
    "industry",
    "saas",
    "emea",
    "mid_market",
    "rachel",
    ">= 5",
    "..",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    ".",
    "\"",
    "#",
    "\n",
    "é",
    "😀",
    "$20M",
    "25%",
    "+30 when ",
    "summary \"x\"",
    "\r\n",
    "\u{feff}",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    #[test]
    fn every_request_is_answered_on_any_edit(
        edits in proptest::collection::vec(
            (0usize..4000, 0usize..30, proptest::sample::select(PIECES)),
            1..6,
        ),
        positions in proptest::collection::vec((0u32..60, 0u32..90), 1..6),
    ) {
        let mut text = format!("{SCHEMA}{ICPS}{PERSONAS}");
        for (at, delete, piece) in edits {
            let mut start = at.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, piece);
        }
        let (mut client, _) = Client::initialized();
        let uri = "untitled:soup";
        client.open(uri, &text);
        for (line, character) in positions {
            let at = json!({ "line": line, "character": character });
            for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion"] {
                let answer = client.at(method, uri, at.clone());
                proptest::prop_assert!(answer.is_ok(), "{method} at {at}: {answer:?}\n{text}");
            }
        }
        let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
        proptest::prop_assert!(symbols.is_ok(), "{symbols:?}");
        let formatted = client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        // A file with syntax errors is refused (-32803); nothing else may fail.
        proptest::prop_assert!(
            formatted.as_ref().map_or_else(|e| e.0 == -32803, |_| true),
            "{formatted:?}"
        );
        proptest::prop_assert_eq!(client.finish(), Outcome::Clean);
    }
}

// ---------------------------------------------------------------------------------------------
// End to end: the real binary over standard input and output.

/// A client of `icpl lsp` as a child process, speaking LSP framing.
struct Process {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl Process {
    fn spawn(dir: &Path) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_icpl"))
            .arg("lsp")
            .current_dir(dir)
            .env("ICPL_TODAY", "2026-11-22")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start icpl lsp: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(value) = read_frame(&mut reader) {
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        Process {
            child,
            stdin,
            messages: rx,
        }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to the server: {e}"));
    }

    fn send(&mut self, value: Value) {
        self.send_raw(&value.to_string());
    }

    /// Writes bytes as they are, framed or not.
    fn send_bytes(&mut self, bytes: &str) {
        self.stdin
            .write_all(bytes.as_bytes())
            .and_then(|()| self.stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to the server: {e}"));
    }

    /// The next message that satisfies `wanted`, skipping others.
    fn wait(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self
                .messages
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|e| panic!("no answer from the server: {e}"));
            if wanted(&msg) {
                return msg;
            }
        }
    }

    fn response(&self, id: i64) -> Value {
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }
}

/// Reads one `Content-Length` frame; `None` at the end of the output.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

#[test]
fn end_to_end_over_stdio() {
    let project = Project::new();
    let uri = project.uri("icps/icps.icp");
    let mut server = Process::spawn(project.dir.path());

    server.send(json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": project.uri(""), "capabilities": {} },
    }));
    let init = server.response(1);
    assert_eq!(
        init["result"]["capabilities"]["hoverProvider"], true,
        "{init}"
    );
    server.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));

    // A contradiction in the opened file.
    let text = ICPS.replace(
        "require employees in 200..2000",
        "require employees >= 500\n  require employees < 200",
    );
    server.send(json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "icp", "version": 1, "text": text } },
    }));
    let published = server.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    });
    assert_eq!(
        codes(&published["params"]),
        ["unsatisfiable-icp"],
        "{published}"
    );

    // A change that fixes it clears the diagnostics; a change that breaks it again brings them
    // back.
    for (version, new_text, expected) in [(2, ICPS, 0), (3, text.as_str(), 1)] {
        server.send(json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": new_text }],
            },
        }));
        let published = server.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        assert_eq!(codes(&published["params"]).len(), expected, "{published}");
    }

    // Malformed input does not end the session: it is answered with ParseError.
    server.send_raw("{ this is not json");
    let error = server.wait(|m| m.get("error").is_some());
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);

    // Frames that lie about their length, and input that is not a frame, cost nothing but
    // themselves: each request is still answered, and the session goes on.
    let symbols = |id: i64| {
        json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": uri }, "note": "é😀 counted as characters" },
        })
        .to_string()
    };
    let chars = symbols(10).chars().count();
    server.send_bytes(&format!("Content-Length: {chars}\r\n\r\n{}", symbols(10)));
    server.send_bytes("X-Nonsense\r\n}]junk");
    server.send_raw(&symbols(11));
    server.send_bytes(&format!(
        "Content-Length: {}\r\n\r\n{}",
        symbols(12).len() + 30,
        symbols(12)
    ));
    server.send_raw(&symbols(13));
    let mut answered = Vec::new();
    let mut parse_errors = 0;
    while answered.len() < 4 {
        let msg = server.wait(|m| m.get("method").is_none());
        if msg["error"]["code"] == -32700 {
            parse_errors += 1;
        } else {
            assert!(msg["result"].is_array(), "{msg}");
            answered.push(msg["id"].as_i64().unwrap_or_default());
        }
    }
    assert_eq!(answered, [10, 11, 12, 13]);
    assert_eq!(
        parse_errors, 1,
        "the skipped input is answered with one ParseError"
    );

    server.send(json!({
        "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": position(&text, "employees >= 500", 0, 12) },
    }));
    let hover = server.response(2);
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        value, "**require**: Companies with at least 500 employees",
        "{hover}"
    );

    server.send(json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown" }));
    assert_eq!(server.response(3)["result"], Value::Null);
    server.send(json!({ "jsonrpc": "2.0", "method": "exit" }));

    // The process exits with 0 after `shutdown` and `exit`.
    let deadline = std::time::Instant::now() + TIMEOUT;
    let status = loop {
        match server.child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(20));
            }
            _ => {
                let _ = server.child.kill();
                panic!("icpl lsp did not exit");
            }
        }
    };
    assert_eq!(status.code(), Some(0));
}

/// One missing `}` in one file is one diagnostic in that file: the tiers of the block left
/// open are not lost, and another file's expectation of a tier is not reported.
#[test]
fn a_missing_brace_in_one_file_is_not_reported_in_another() {
    let with_tiers = ICPS.replace(
        "  exclude tech_stack has pipedrive\n}",
        "  exclude tech_stack has pipedrive\n  score {\n    sso +10 when tech_stack has snowflake\n  }\n  tiers { A >= 10, B }\n}",
    );
    let examples = "example \"Tiered\" {\n  account { industry: saas, employees: 450, tech_stack: [snowflake] }\n  expect mid_market tier A\n}\n";
    // The `}` of the score block is missing: once with the block indented, once without
    // indentation to go by.
    let indented = with_tiers.replace(
        "    sso +10 when tech_stack has snowflake\n  }\n",
        "    sso +10 when tech_stack has snowflake\n",
    );
    let flat: String = indented
        .lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n");
    for broken in [indented, flat] {
        let project = Project::new();
        project.write("icps/icps.icp", &with_tiers);
        project.write("examples.icp", examples);
        let icps = project.uri("icps/icps.icp");
        let others = project.uri("examples.icp");
        let (mut client, _) = Client::initialized();
        assert_eq!(
            codes(&client.open(&icps, &with_tiers)),
            Vec::<String>::new()
        );
        let published = client.change(&icps, 2, &broken);
        assert_eq!(codes(&published), ["unclosed-delimiter"], "{broken}");
        // A request after the change: every diagnostic of the change is published by now.
        let _ = client.at("textDocument/hover", &icps, position(&broken, "icp", 0, 0));
        for n in &client.pending {
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == others {
                assert_eq!(n.params["diagnostics"], json!([]), "{broken}");
            }
        }
        assert_eq!(client.finish(), Outcome::Clean);
    }
}
