//! Standard input and output as an LSP connection: `Content-Length` framing that survives bad
//! input.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first frame that is not valid
//! JSON-RPC. This one answers such a frame with the protocol's error (`ParseError` for text
//! that is not JSON, `InvalidRequest` for JSON that is not a message) and reads on. A reader
//! thread turns frames into [`Message`]s for the server's loop; a writer thread frames the
//! server's messages onto standard output. Both hold the standard output lock for a whole
//! frame, so frames never interleave.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Value, json};

/// The largest message body read; a larger one is skipped and answered with an error.
const MAX_BODY: usize = 1 << 30;
/// The longest header line read.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// The threads behind a stdio connection.
pub struct Threads {
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Waits until everything the server sent is written. Call it after dropping the server's
    /// [`Connection`]. The reader thread is not waited for: it stops at `exit` or at the end
    /// of the input, whichever comes first, and may still be blocked reading otherwise.
    pub fn join(self) {
        // A panicking writer thread has nothing left to write.
        let _ = self.writer.join();
    }
}

/// A connection over standard input and output.
pub fn stdio() -> io::Result<(Connection, Threads)> {
    let (server, client) = Connection::memory();
    let Connection {
        sender: to_server,
        receiver: from_server,
    } = client;
    let writer = thread::Builder::new()
        .name("icpl-lsp-writer".to_string())
        .spawn(move || {
            for msg in from_server {
                let mut out = io::stdout().lock();
                if msg.write(&mut out).is_err() {
                    break; // the client closed its end
                }
            }
        })?;
    thread::Builder::new()
        .name("icpl-lsp-reader".to_string())
        .spawn(move || {
            let mut input = io::stdin().lock();
            let _ = read_messages(
                &mut input,
                |msg| to_server.send(msg).is_ok(),
                |reply| write_frame(&mut io::stdout().lock(), &reply),
            );
        })?;
    Ok((server, Threads { writer }))
}

/// Writes one framed JSON value.
pub fn write_frame(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// One frame of input.
enum Frame {
    Body(Vec<u8>),
    /// A frame that could not be read, and why.
    Bad(String),
}

/// Reads frames until the end of the input or an `exit` notification, handing each message to
/// `deliver` (which says whether to go on) and each error response to `reply`.
pub fn read_messages(
    input: &mut impl BufRead,
    mut deliver: impl FnMut(Message) -> bool,
    mut reply: impl FnMut(Value) -> io::Result<()>,
) -> io::Result<()> {
    loop {
        let body = match read_frame(input)? {
            None => return Ok(()),
            Some(Frame::Body(body)) => body,
            Some(Frame::Bad(why)) => {
                reply(error(Value::Null, ErrorCode::ParseError, &why))?;
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                reply(error(
                    Value::Null,
                    ErrorCode::ParseError,
                    &format!("the message is not valid JSON: {e}"),
                ))?;
                continue;
            }
        };
        let id = match value.get("id") {
            Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        };
        let msg: Message = match serde_json::from_value(value) {
            Ok(msg) => msg,
            Err(e) => {
                reply(error(
                    id,
                    ErrorCode::InvalidRequest,
                    &format!(
                        "the message is not a JSON-RPC request, response or notification: {e}"
                    ),
                ))?;
                continue;
            }
        };
        let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
        if !deliver(msg) || exit {
            return Ok(());
        }
    }
}

fn error(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
}

/// Reads the headers and the body of one frame; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut problem = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if first {
                continue; // stray blank lines between frames
            }
            break;
        }
        first = false;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(value.trim().parse::<usize>().map_err(|_| {
                    format!(
                        "the Content-Length header `{}` is not a number",
                        value.trim()
                    )
                }));
            }
            Some(_) => {} // Content-Type and other headers
            None => {
                problem.get_or_insert_with(|| format!("malformed header line `{text}`"));
            }
        }
    }
    let length = match (length, problem) {
        (_, Some(why)) | (Some(Err(why)), None) => return Ok(Some(Frame::Bad(why))),
        (None, None) => {
            return Ok(Some(Frame::Bad(
                "the message has no Content-Length header".to_string(),
            )));
        }
        (Some(Ok(length)), None) => length,
    };
    if length > MAX_BODY {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(format!(
            "the message is too large ({length} bytes; the limit is {MAX_BODY})"
        ))));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Some(Frame::Body(body))),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The methods delivered and the error codes replied for an input.
    fn run(input: &str) -> (Vec<String>, Vec<(Value, i64)>) {
        let mut delivered = Vec::new();
        let mut replies = Vec::new();
        let mut cursor = io::Cursor::new(input.as_bytes().to_vec());
        let result = read_messages(
            &mut cursor,
            |msg| {
                delivered.push(match msg {
                    Message::Request(r) => r.method,
                    Message::Notification(n) => n.method,
                    Message::Response(r) => format!("response {}", r.id),
                });
                true
            },
            |reply| {
                replies.push((
                    reply["id"].clone(),
                    reply["error"]["code"].as_i64().unwrap_or_default(),
                ));
                Ok(())
            },
        );
        assert!(result.is_ok());
        (delivered, replies)
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            frame("{not json"),
            "X-Nonsense\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","id":7}"#),
            frame(r#"[1,2]"#),
            "Content-Length: many\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","id":2,"method":"after-exit"}"#),
        ]
        .concat();
        let (delivered, replies) = run(&input);
        assert_eq!(delivered, ["initialize", "initialized", "exit"]);
        assert_eq!(
            replies,
            [
                (Value::Null, -32700),
                (Value::Null, -32700),
                (json!(7), -32600),
                (Value::Null, -32600),
                (Value::Null, -32700),
            ]
        );
    }

    #[test]
    fn the_end_of_input_mid_frame_ends_quietly() {
        let (delivered, replies) = run("Content-Length: 50\r\n\r\n{\"jsonrpc\"");
        assert!(delivered.is_empty() && replies.is_empty());
        let (delivered, _) = run("Content-Length: 5\r\n");
        assert!(delivered.is_empty());
    }
}
