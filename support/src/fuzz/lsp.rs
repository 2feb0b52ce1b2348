//! The `lsp` target: bytes as what an editor writes to `icpl lsp`'s standard input.
//!
//! The bytes go through the server's framing ([`icpl::lsp::transport::read_messages`]), as
//! `icpl lsp` reads standard input, and every message it delivers goes to the server's loop
//! ([`icpl::lsp::serve`]) over an in-memory connection, until `exit` or the end of the input.
//!
//! The server reads the spec around a `file:` document from disk. So that no input makes it
//! read the whole file system, `file:` URIs are kept inside a small workspace of this harness
//! ([`WORKSPACE`], created under the temporary folder): `file:///ws/<path>` names
//! `<workspace>/<path>`, and any other `file:` URI (or one with `..` in it) becomes an
//! `untitled:` one, which the server checks on its own.
//!
//! What must hold, whatever the bytes:
//!
//! - nothing panics, and the framing answers what it cannot read with a JSON-RPC error
//!   (`ParseError` or `InvalidRequest`), never anything else;
//! - every request delivered before `exit` gets exactly one response, in order, with its id;
//! - no handler fails inside (the server turns a panic into `InternalError`, or a log message
//!   about an internal error, so that the session goes on: the harness counts those as
//!   failures);
//! - every range the server sends is well formed (its start not after its end).

use std::fs;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use icpl::lsp::convert::{path_to_uri, uri_to_path};
use icpl::lsp::{Outcome, serve, transport};
use lsp_server::{Connection, ErrorCode, Message, RequestId};
use serde_json::Value;

/// The files of the workspace that `file:///ws/` names: settings, a schema, an ICP in a
/// folder, and a persona.
pub const WORKSPACE: [(&str, &str); 4] = [
    ("icpl.toml", "[project]\nname = \"Fuzz\"\n"),
    (
        "schema.icp",
        "account {\n  employees: int\n  industry: enum { saas, fintech }\n  stack: set { crm, cdp }\n}\n\ncontact {\n  seniority: ordered enum { ic, manager, director }\n}\n",
    ),
    (
        "icps/core.icp",
        "icp core \"Core\" {\n  require employees >= 50\n  require industry in [saas]\n  score {\n    crm +10 when stack has crm\n  }\n  tiers { A >= 10, B }\n}\n",
    ),
    (
        "personas/buyer.icp",
        "persona buyer \"Buyer\" for core {\n  require seniority >= manager\n  goals [\"grow\"]\n  pains [\"churn\"]\n}\n",
    ),
];

/// The prefix of the paths that name the workspace in inputs.
const WS: &str = "/ws";

/// The workspace on disk, written once per process.
fn workspace() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join("icpl-fuzz-lsp-workspace");
        for (name, text) in WORKSPACE {
            let path = dir.join(name);
            if fs::read_to_string(&path).is_ok_and(|t| t == text) {
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
            }
            // Written beside and renamed, so that a process reading it meanwhile never sees
            // half a file.
            let tmp = dir.join(format!(".{}.tmp", std::process::id()));
            fs::write(&tmp, text)
                .and_then(|()| fs::rename(&tmp, &path))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        dir
    })
}

/// A `file:` URI kept inside the workspace (see the module's documentation); other strings
/// are left as they are.
fn confine(text: &str) -> Option<String> {
    let scheme = text.split(':').next()?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let inside = uri_to_path(text).and_then(|path| {
        let rel = path.strip_prefix(WS).ok()?;
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        (plain && rel.components().next().is_some()).then(|| workspace().join(rel))
    });
    Some(match inside {
        Some(path) => path_to_uri(&path),
        None => format!("untitled:{}", text.len()),
    })
}

/// Every string of a value that is a `file:` URI, confined.
fn confine_all(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some(c) = confine(s) {
                *s = c;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(confine_all),
        Value::Object(map) => map.values_mut().for_each(confine_all),
        _ => {}
    }
}

/// Runs the language server on an input; panics when a promise does not hold.
pub fn lsp(data: &[u8]) {
    let mut input = Cursor::new(data);
    let mut delivered = Vec::new();
    let mut replies = Vec::new();
    let read = transport::read_messages(
        &mut input,
        |msg| {
            delivered.push(msg);
            true
        },
        |reply| {
            replies.push(reply);
            Ok(())
        },
        |_| {},
    );
    if let Err(e) = read {
        panic!("reading from memory failed: {e}");
    }
    for reply in &replies {
        let code = reply["error"]["code"].as_i64();
        let framing = [
            ErrorCode::ParseError as i64,
            ErrorCode::InvalidRequest as i64,
        ];
        assert!(
            code.is_some_and(|c| framing.contains(&c)) && reply["jsonrpc"] == "2.0",
            "the framing answered with something else than a JSON-RPC error: {reply}"
        );
    }

    let (server, client) = Connection::memory();
    let mut requests: Vec<RequestId> = Vec::new();
    let mut exited = false;
    for mut msg in delivered {
        match &mut msg {
            Message::Request(r) => {
                confine_all(&mut r.params);
                if !exited {
                    requests.push(r.id.clone());
                }
            }
            Message::Notification(n) => {
                confine_all(&mut n.params);
                exited |= n.method == "exit";
            }
            Message::Response(_) => {}
        }
        if client.sender.send(msg).is_err() {
            panic!("the in-memory connection closed");
        }
    }
    let Connection { sender, receiver } = client;
    // The end of the input: the server's loop ends when it has read everything.
    drop(sender);
    let outcome = serve(&server, super::options());
    drop(server);
    let answers: Vec<Message> = receiver.try_iter().collect();
    if !exited {
        assert_eq!(
            outcome,
            Outcome::Abrupt,
            "a session without `exit` ended cleanly"
        );
    }

    let mut answered = Vec::new();
    for answer in &answers {
        match answer {
            Message::Response(r) => {
                match &r.response_result {
                    Err(e) => assert_ne!(
                        e.code,
                        ErrorCode::InternalError as i32,
                        "a handler failed inside: {}",
                        e.message
                    ),
                    Ok(result) => check_ranges(result),
                }
                answered.push(r.id.clone());
            }
            Message::Notification(n) => {
                if n.method == "window/logMessage" {
                    let text = n.params["message"].as_str().unwrap_or_default();
                    assert!(
                        !text.contains("internal error"),
                        "a handler failed inside: {text}"
                    );
                }
                check_ranges(&n.params);
            }
            Message::Request(r) => panic!("the server sent a request: {}", r.method),
        }
    }
    assert_eq!(
        answered, requests,
        "the requests and the responses do not match one for one, in order"
    );
}

/// Every LSP range in a value (an object with `start` and `end` positions) starts no later
/// than it ends.
fn check_ranges(value: &Value) {
    match value {
        Value::Object(map) => {
            let position = |v: Option<&Value>| {
                let v = v?;
                Some((v.get("line")?.as_u64()?, v.get("character")?.as_u64()?))
            };
            if let (Some(start), Some(end)) = (position(map.get("start")), position(map.get("end")))
            {
                assert!(start <= end, "a range ends before it starts: {value}");
            }
            map.values().for_each(check_ranges);
        }
        Value::Array(items) => items.iter().for_each(check_ranges),
        _ => {}
    }
}
