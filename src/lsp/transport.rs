//! Standard input and output as an LSP connection: `Content-Length` framing that survives bad
//! input.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first frame that is not valid
//! JSON-RPC. This one answers such a frame with the protocol's error (`ParseError` for text
//! that is not JSON, `InvalidRequest` for JSON that is not a message) and reads on. It also
//! keeps its footing when a frame lies: a `Content-Length` that does not match its message is
//! corrected from the message's JSON (which shows where an object ends), and input that is not
//! a frame is skipped up to the next `Content-Length:` header. A reader
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
                |why| eprintln!("icpl lsp: bad input frame: {why}"),
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
    /// A message body; what was skipped before its frame (input that is not a frame, to be
    /// answered with an error); what was wrong with its frame if the body could still be read
    /// (a `Content-Length` that did not match the message, to be logged).
    Body {
        body: Vec<u8>,
        skipped: Option<String>,
        note: Option<String>,
    },
    /// A frame that could not be read, and why.
    Bad(String),
}

/// Reads frames until the end of the input or an `exit` notification, handing each message to
/// `deliver` (which says whether to go on), each error response to `reply`, and a line about
/// each frame that was not as the protocol says to `log` (standard error, for the client's log).
///
/// A bad frame never costs the rest of the session: the reader finds its footing again at the
/// next `Content-Length` header. A message whose `Content-Length` is wrong is still read when
/// its JSON shows where it ends: one that ends before the declared length is delivered and the
/// reader goes on right after it; one that runs past it is read to its end.
pub fn read_messages(
    input: &mut impl BufRead,
    mut deliver: impl FnMut(Message) -> bool,
    mut reply: impl FnMut(Value) -> io::Result<()>,
    mut log: impl FnMut(&str),
) -> io::Result<()> {
    loop {
        let body = match read_frame(input)? {
            None => return Ok(()),
            Some(Frame::Body {
                body,
                skipped,
                note,
            }) => {
                if let Some(why) = skipped {
                    log(&why);
                    reply(error(Value::Null, ErrorCode::ParseError, &why))?;
                }
                if let Some(note) = note {
                    log(&note);
                }
                body
            }
            Some(Frame::Bad(why)) => {
                log(&why);
                reply(error(Value::Null, ErrorCode::ParseError, &why))?;
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let why = format!("the message is not valid JSON: {e}");
                log(&why);
                reply(error(Value::Null, ErrorCode::ParseError, &why))?;
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
                let why =
                    format!("the message is not a JSON-RPC request, response or notification: {e}");
                log(&why);
                reply(error(id, ErrorCode::InvalidRequest, &why))?;
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

/// The header that starts every frame, in lower case.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// The next byte of the input without consuming it; `None` at the end.
fn peek(input: &mut impl BufRead) -> io::Result<Option<u8>> {
    Ok(input.fill_buf()?.first().copied())
}

/// Reads one header line (without its line break), at most [`MAX_HEADER_LINE`] bytes of it;
/// `None` at the end of the input.
fn header_line(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = input
        .by_ref()
        .take(MAX_HEADER_LINE)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Where `Content-Length:` starts in a line, in any case.
fn find_content_length(line: &[u8]) -> Option<usize> {
    line.windows(CONTENT_LENGTH.len())
        .position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
}

/// Whether a header line has the form `Name: value`.
fn is_header(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line
            .iter()
            .take(colon)
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-'),
        _ => false,
    }
}

/// A short, printable quotation of bytes that were not understood, for the log.
fn quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut shown: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        shown.push('…');
    }
    crate::diagnostics::escape::escape(&shown).into_owned()
}

/// Reads the headers and the body of one frame; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    // What was skipped to find the start of this frame.
    let mut skipped: Option<String> = None;
    let mut in_headers = false;
    loop {
        let Some(mut line) = header_line(input)? else {
            return Ok(skipped.map(Frame::Bad));
        };
        if line.is_empty() {
            if in_headers {
                break;
            }
            continue; // blank lines between frames are harmless
        }
        if !is_header(&line) || find_content_length(&line).is_some_and(|at| at > 0) {
            // Not a header: the rest of a body whose length was wrong, or noise. Find our
            // footing again at the next `Content-Length:`, on this line or a later one.
            match find_content_length(&line) {
                Some(at) => {
                    skipped.get_or_insert_with(|| {
                        format!(
                            "skipped input that is not a frame: `{}`",
                            quote(line.get(..at).unwrap_or_default())
                        )
                    });
                    line.drain(..at);
                    length = None;
                }
                None => {
                    skipped.get_or_insert_with(|| {
                        format!("skipped input that is not a frame: `{}`", quote(&line))
                    });
                    in_headers = false;
                    length = None;
                    continue;
                }
            }
        }
        in_headers = true;
        if let Some(at) = line.iter().position(|&b| b == b':') {
            let (name, value) = line.split_at(at);
            let value = String::from_utf8_lossy(value.get(1..).unwrap_or_default());
            if name.eq_ignore_ascii_case(b"content-length") {
                length = Some(value.trim().parse::<usize>().map_err(|_| {
                    format!(
                        "the Content-Length header `{}` is not a number",
                        quote(value.trim().as_bytes())
                    )
                }));
            }
            // Content-Type and other headers are accepted and ignored.
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(why)) => {
            skip_body(input)?;
            return Ok(Some(Frame::Bad(why)));
        }
        None => {
            skip_body(input)?;
            return Ok(Some(Frame::Bad(
                "the message has no Content-Length header".to_string(),
            )));
        }
    };
    if length > MAX_BODY {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(format!(
            "the message is too large ({length} bytes; the limit is {MAX_BODY})"
        ))));
    }
    Ok(read_body(input, length)?.map(|frame| match frame {
        Frame::Body { body, note, .. } => Frame::Body {
            body,
            skipped,
            note,
        },
        bad => bad,
    }))
}

/// Skips the body of a frame whose length is unknown: the JSON object or array that follows, if
/// one does (up to where it ends, or to where it stops being JSON).
fn skip_body(input: &mut impl BufRead) -> io::Result<()> {
    if matches!(peek(input)?, Some(b'{' | b'[')) {
        let mut shape = Shape::default();
        let _ = read_json(input, &mut shape, &mut Vec::new(), MAX_BODY)?;
    }
    Ok(())
}

/// Where a JSON text stands while it is read byte by byte: enough to know where an object or
/// an array ends, without parsing it.
#[derive(Default)]
struct Shape {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// How reading a JSON value ended.
enum Ended {
    /// The value ended (its closing bracket was read).
    Complete,
    /// The limit was reached first.
    Limit,
    /// A byte that cannot be part of JSON here (left unread).
    Broken,
    /// The input ended.
    End,
}

/// Reads the bytes of a JSON object or array into `body` until it ends, `limit` bytes are in
/// `body`, or a byte that JSON cannot hold outside a string turns up (it is left unread: it is
/// most likely the start of the next frame's header).
fn read_json(
    input: &mut impl BufRead,
    shape: &mut Shape,
    body: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Ended> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(Ended::End);
        }
        let mut used = 0;
        let mut outcome = None;
        for &b in buf {
            if body.len() >= limit {
                outcome = Some(Ended::Limit);
                break;
            }
            if shape.in_string {
                if b == b'\n' || b == b'\r' {
                    outcome = Some(Ended::Broken); // JSON strings hold no raw line breaks
                    break;
                }
                if shape.escaped {
                    shape.escaped = false;
                } else if b == b'\\' {
                    shape.escaped = true;
                } else if b == b'"' {
                    shape.in_string = false;
                }
            } else {
                match b {
                    b'"' => shape.in_string = true,
                    b'{' | b'[' => shape.depth += 1,
                    b'}' | b']' => shape.depth = shape.depth.saturating_sub(1),
                    b',' | b':' | b' ' | b'\t' | b'\r' | b'\n' | b'-' | b'+' | b'.' => {}
                    b'0'..=b'9'
                    | b'e'
                    | b'E'
                    | b't'
                    | b'r'
                    | b'u'
                    | b'f'
                    | b'a'
                    | b'l'
                    | b's'
                    | b'n' => {}
                    _ => {
                        outcome = Some(Ended::Broken);
                        break;
                    }
                }
            }
            body.push(b);
            used += 1;
            if shape.depth == 0 && !shape.in_string {
                outcome = Some(Ended::Complete);
                break;
            }
        }
        input.consume(used);
        if let Some(outcome) = outcome {
            return Ok(outcome);
        }
    }
}

/// Reads the rest of a body of `length` bytes into `body`; false when the input ends first.
/// The body grows with what arrives: a `Content-Length` (up to [`MAX_BODY`]) in front of a
/// few bytes does not make the server allocate what it claims.
fn read_rest(input: &mut impl BufRead, body: &mut Vec<u8>, length: usize) -> io::Result<bool> {
    let want = length.saturating_sub(body.len());
    let got = input.by_ref().take(want as u64).read_to_end(body)?;
    Ok(got == want)
}

/// Reads a body of `length` bytes, trusting its JSON over its `Content-Length` when the two
/// disagree. `None` when the input ends inside it.
fn read_body(input: &mut impl BufRead, length: usize) -> io::Result<Option<Frame>> {
    let mut body = Vec::with_capacity(length.min(1 << 20));
    // Leading blanks belong to the body.
    while body.len() < length {
        match peek(input)? {
            Some(b @ (b' ' | b'\t' | b'\r' | b'\n')) => {
                body.push(b);
                input.consume(1);
            }
            _ => break,
        }
    }
    if !matches!(peek(input)?, Some(b'{' | b'[')) || body.len() == length {
        // Not an object or an array (so not a message): read what the header says.
        return Ok(read_rest(input, &mut body, length)?.then_some(Frame::Body {
            body,
            skipped: None,
            note: None,
        }));
    }
    let mut shape = Shape::default();
    match read_json(input, &mut shape, &mut body, length)? {
        Ended::End => Ok(None),
        Ended::Complete => {
            // Blanks up to the declared length belong to the body; anything else means the
            // length was too long and the next frame has begun.
            while body.len() < length {
                match peek(input)? {
                    Some(b' ' | b'\t' | b'\r' | b'\n') => {
                        input.consume(1);
                        body.push(b' ');
                    }
                    Some(_) => {
                        let note = format!(
                            "the Content-Length header said {length} bytes but the message ended after {}; read on from there",
                            body.len()
                        );
                        return Ok(Some(Frame::Body {
                            body,
                            skipped: None,
                            note: Some(note),
                        }));
                    }
                    None => break,
                }
            }
            Ok(Some(Frame::Body {
                body,
                skipped: None,
                note: None,
            }))
        }
        Ended::Broken | Ended::Limit if body.len() < length => {
            // A byte JSON cannot hold before the declared length: read the rest and let the
            // JSON parser say what is wrong.
            Ok(read_rest(input, &mut body, length)?.then_some(Frame::Body {
                body,
                skipped: None,
                note: None,
            }))
        }
        Ended::Broken | Ended::Limit => {
            // The declared length ended inside the message: the length was too short. Read on
            // to the message's end, unless what follows is not JSON.
            match read_json(input, &mut shape, &mut body, MAX_BODY)? {
                Ended::Complete => {
                    let note = format!(
                        "the Content-Length header said {length} bytes but the message took {}",
                        body.len()
                    );
                    Ok(Some(Frame::Body {
                        body,
                        skipped: None,
                        note: Some(note),
                    }))
                }
                Ended::End => Ok(None),
                Ended::Broken | Ended::Limit => Ok(Some(Frame::Bad(format!(
                    "the message is not valid JSON, or its Content-Length ({length}) is wrong: `{}`",
                    quote(&body)
                )))),
            }
        }
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
            |_| {},
        );
        assert!(result.is_ok());
        (delivered, replies)
    }

    /// A `Content-Length` far beyond what arrives (up to the 1 GiB limit) costs only what
    /// arrives: the body is not allocated at the claimed size up front.
    #[test]
    fn a_lying_length_allocates_only_what_arrives() {
        let mut input = io::Cursor::new(b"xyz".to_vec());
        let mut body = Vec::new();
        let complete = read_rest(&mut input, &mut body, MAX_BODY);
        assert!(matches!(complete, Ok(false)), "{complete:?}");
        assert_eq!(body, b"xyz");
        assert!(
            body.capacity() < 1 << 20,
            "{} bytes reserved",
            body.capacity()
        );

        let mut input = io::Cursor::new(b"cdef".to_vec());
        let mut body = b"ab".to_vec();
        let complete = read_rest(&mut input, &mut body, 4);
        assert!(matches!(complete, Ok(true)), "{complete:?}");
        assert_eq!((body.as_slice(), input.position()), (&b"abcd"[..], 2));

        let (delivered, _) = run("Content-Length: 1000000000\r\n\r\nx");
        assert!(delivered.is_empty(), "{delivered:?}");
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

    /// How a frame is spoilt, and whether its message can still be read.
    #[derive(Clone, Copy, Debug)]
    enum Spoil {
        None,
        /// `Content-Length` short by this many bytes (a client that counted characters).
        Short(usize),
        /// `Content-Length` long by this many bytes.
        Long(usize),
        /// A line that is not a header before the frame.
        JunkLine,
        /// Bytes with no line break right before `Content-Length`.
        JunkGlued,
        /// `Content-Length` is not a number.
        NotNumber,
        /// No `Content-Length` at all.
        NoLength,
        /// The body is not JSON.
        NotJson,
    }

    impl Spoil {
        /// Whether the message is still delivered, and how many error replies the frame gets.
        fn outcome(self) -> (bool, usize) {
            match self {
                Spoil::None | Spoil::Short(_) | Spoil::Long(_) => (true, 0),
                Spoil::JunkLine | Spoil::JunkGlued => (true, 1),
                Spoil::NotNumber | Spoil::NoLength | Spoil::NotJson => (false, 1),
            }
        }
    }

    fn spoilt(body: &str, spoil: Spoil) -> String {
        let n = body.len();
        match spoil {
            Spoil::None => frame(body),
            Spoil::Short(k) => format!("Content-Length: {}\r\n\r\n{body}", n - k.min(n - 1)),
            Spoil::Long(k) => format!("Content-Length: {}\r\n\r\n{body}", n + k),
            Spoil::JunkLine => format!("X-Nonsense\r\n{}", frame(body)),
            Spoil::JunkGlued => format!("}}]junk{}", frame(body)),
            Spoil::NotNumber => format!("Content-Length: many\r\n\r\n{body}"),
            Spoil::NoLength => format!("Content-Type: application/json\r\n\r\n{body}"),
            Spoil::NotJson => frame(&format!("{{not json {}", &body[1..])),
        }
    }

    fn message(i: usize, text: &str) -> String {
        json!({
            "jsonrpc": "2.0", "id": i, "method": format!("m{i}"),
            "params": { "text": text },
        })
        .to_string()
    }

    #[test]
    fn a_stream_of_good_and_bad_frames_loses_only_the_unreadable_ones() {
        let texts = [
            "plain",
            "é and 😀 counted as characters",
            "Content-Length: 5\r\n\r\n{} inside a string",
            "}]{[ \" \\ brackets",
            "",
        ];
        let spoils = [
            Spoil::None,
            Spoil::Short(1),
            Spoil::Short(7),
            Spoil::Long(1),
            Spoil::Long(40),
            Spoil::JunkLine,
            Spoil::JunkGlued,
            Spoil::NotNumber,
            Spoil::NoLength,
            Spoil::NotJson,
        ];
        // Every spoilt frame between good ones, with every text.
        for spoil in spoils {
            for (t, text) in texts.iter().enumerate() {
                let input = [
                    frame(&message(1, "before")),
                    spoilt(&message(2, text), spoil),
                    frame(&message(3, "after")),
                    frame(&message(4, texts[(t + 1) % texts.len()])),
                ]
                .concat();
                let (delivered, replies) = run(&input);
                let (kept, errors) = spoil.outcome();
                let mut expected = vec!["m1"];
                if kept {
                    expected.push("m2");
                }
                expected.extend(["m3", "m4"]);
                assert_eq!(delivered, expected, "{spoil:?} {text:?}");
                assert_eq!(replies.len(), errors, "{spoil:?} {text:?}: {replies:?}");
            }
        }
    }

    proptest::proptest! {
        /// Any sequence of good and spoilt frames: every good frame is delivered, in order,
        /// with the readable spoilt ones, and each unreadable one gets an error.
        #[test]
        fn any_sequence_of_frames_keeps_the_good_ones(
            plan in proptest::collection::vec((0usize..10, 1usize..50, "[a-zé😀 \\\\\"{}:\\r\\n]{0,30}"), 1..12)
        ) {
            let mut input = String::new();
            let mut expected = Vec::new();
            let mut errors = 0;
            for (i, (kind, k, text)) in plan.iter().enumerate() {
                let spoil = match kind {
                    0..=2 => Spoil::None,
                    3 => Spoil::Short(*k),
                    4 => Spoil::Long(*k),
                    5 => Spoil::JunkLine,
                    6 => Spoil::JunkGlued,
                    7 => Spoil::NotNumber,
                    8 => Spoil::NoLength,
                    _ => Spoil::NotJson,
                };
                // A frame too long at the very end waits for input that never comes; end
                // with a good frame.
                let body = message(i, text);
                input.push_str(&spoilt(&body, spoil));
                let (kept, e) = spoil.outcome();
                if kept {
                    expected.push(format!("m{i}"));
                }
                errors += e;
            }
            input.push_str(&frame(&message(99, "last")));
            expected.push("m99".to_string());
            let (delivered, replies) = run(&input);
            proptest::prop_assert_eq!(delivered, expected);
            proptest::prop_assert_eq!(replies.len(), errors);
        }
    }
}
