//! The language server: `icpl lsp`, diagnostics and navigation for editors over LSP.
//!
//! A synchronous loop over an `lsp-server` [`Connection`] takes one message at a time and
//! dispatches it to one handler per request or notification kind. Documents are checked as
//! part of their whole spec ([`workspace`]) on open and on every change, and every diagnostic
//! of `icpl check` is published. Hover, go to definition, completion and document symbols are
//! answered from the syntax tree and the typed IR of the last compilation ([`query`],
//! [`hover`], [`definition`], [`completion`], [`symbols`]). [`convert`] is the one place that
//! turns icpl's spans, diagnostics and results into LSP values.
//!
//! Nothing a client sends brings the server down: a malformed frame gets a `ParseError` or
//! `InvalidRequest` ([`transport`]), an unknown method `MethodNotFound`, parameters that do not
//! deserialize `InvalidParams`, a request before `initialize` `ServerNotInitialized`, and a
//! handler that fails anyway (a bug) `InternalError`; the loop goes on in every case.

pub mod completion;
pub mod convert;
pub mod definition;
pub mod formatting;
pub mod hover;
pub mod query;
pub mod symbols;
pub mod transport;
pub mod workspace;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Initialize,
    Request as _, Shutdown,
};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DocumentFormattingParams,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    LogMessageParams, MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextEdit,
};
use serde::Serialize;

use crate::compile::Options;
use workspace::Workspace;

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `shutdown`, then `exit`: the process should exit with 0.
    Clean,
    /// `exit` without `shutdown`, or the client went away: the process should exit with 1.
    Abrupt,
}

/// Serves a client over standard input and output until it says `exit` or goes away.
pub fn run_stdio(options: Options) -> std::io::Result<Outcome> {
    let (connection, threads) = transport::stdio()?;
    let outcome = serve(&connection, options);
    drop(connection);
    threads.join();
    Ok(outcome)
}

/// Serves a client over a connection until it says `exit` or goes away.
pub fn serve(connection: &Connection, options: Options) -> Outcome {
    let mut server = Server::new(options);
    for msg in &connection.receiver {
        if let Message::Notification(n) = &msg
            && n.method == "exit"
        {
            return if server.state == State::ShuttingDown {
                Outcome::Clean
            } else {
                Outcome::Abrupt
            };
        }
        for out in server.handle(msg) {
            if connection.sender.send(out).is_err() {
                return Outcome::Abrupt;
            }
        }
    }
    Outcome::Abrupt
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Uninitialized,
    Running,
    /// `shutdown` was received: only `exit` is left.
    ShuttingDown,
}

/// A request that could not be answered with a result.
struct Failure {
    code: ErrorCode,
    message: String,
}

/// The server's state between messages.
struct Server {
    state: State,
    workspace: Workspace,
}

impl Server {
    fn new(options: Options) -> Server {
        Server {
            state: State::Uninitialized,
            workspace: Workspace::new(options),
        }
    }

    /// Handles one message and gives the messages to send back.
    fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(req) => vec![Message::Response(self.request(req))],
            Message::Notification(n) => self.notification(n),
            // The server sends no requests, so a response answers nothing.
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, req: Request) -> Response {
        let refuse = |code, message: &str| {
            Response::new_err(req.id.clone(), code as i32, message.to_string())
        };
        match (self.state, req.method.as_str()) {
            (State::Uninitialized, Initialize::METHOD) => {}
            (State::Uninitialized, _) => {
                return refuse(
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized yet: send `initialize` first",
                );
            }
            (State::ShuttingDown, _) => {
                return refuse(
                    ErrorCode::InvalidRequest,
                    "the server is shutting down: only `exit` is accepted",
                );
            }
            (State::Running, Initialize::METHOD) => {
                return refuse(
                    ErrorCode::InvalidRequest,
                    "the server is already initialized",
                );
            }
            (State::Running, _) => {}
        }
        match req.method.as_str() {
            Initialize::METHOD => self.on::<Initialize>(req, Server::initialize),
            // `shutdown` takes no parameters; whatever a client sends with it is ignored.
            Shutdown::METHOD => {
                self.state = State::ShuttingDown;
                ok(req.id, ())
            }
            HoverRequest::METHOD => self.on::<HoverRequest>(req, Server::hover),
            GotoDefinition::METHOD => self.on::<GotoDefinition>(req, Server::definition),
            Completion::METHOD => self.on::<Completion>(req, Server::completion),
            DocumentSymbolRequest::METHOD => {
                self.on::<DocumentSymbolRequest>(req, Server::document_symbols)
            }
            Formatting::METHOD => self.on::<Formatting>(req, Server::formatting),
            method => refuse(
                ErrorCode::MethodNotFound,
                &format!("unknown method `{method}`"),
            ),
        }
    }

    /// Deserializes a request's parameters, runs its handler, and answers with the result or
    /// the error. A handler that panics (a bug) gets `InternalError`, and the server goes on.
    fn on<R: lsp_types::request::Request>(
        &mut self,
        req: Request,
        handler: fn(&mut Server, R::Params) -> Result<R::Result, Failure>,
    ) -> Response {
        let params = match serde_json::from_value::<R::Params>(req.params) {
            Ok(params) => params,
            Err(e) => {
                return Response::new_err(
                    req.id,
                    ErrorCode::InvalidParams as i32,
                    format!("invalid parameters for `{}`: {e}", R::METHOD),
                );
            }
        };
        match catch_unwind(AssertUnwindSafe(|| handler(self, params))) {
            Ok(Ok(result)) => ok(req.id, result),
            Ok(Err(failure)) => Response::new_err(req.id, failure.code as i32, failure.message),
            Err(_) => Response::new_err(
                req.id,
                ErrorCode::InternalError as i32,
                format!("internal error while answering `{}`", R::METHOD),
            ),
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        if self.state != State::Running {
            return Vec::new(); // dropped before `initialize` and after `shutdown`
        }
        let result = match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                self.notified::<DidOpenTextDocument>(n, Server::did_open)
            }
            DidChangeTextDocument::METHOD => {
                self.notified::<DidChangeTextDocument>(n, Server::did_change)
            }
            DidCloseTextDocument::METHOD => {
                self.notified::<DidCloseTextDocument>(n, Server::did_close)
            }
            // `initialized`, `$/cancelRequest` (every request is answered at once),
            // `didSave` (the text is already known) and anything else: nothing to do.
            _ => Ok(Vec::new()),
        };
        match result {
            Ok(published) => published
                .into_iter()
                .map(notify::<PublishDiagnostics>)
                .collect(),
            Err(message) => vec![notify::<LogMessage>(LogMessageParams {
                typ: MessageType::ERROR,
                message,
            })],
        }
    }

    /// Deserializes a notification's parameters and runs its handler; a notification cannot
    /// be answered, so a failure is reported in the client's log instead.
    fn notified<N: lsp_types::notification::Notification>(
        &mut self,
        n: Notification,
        handler: fn(&mut Server, N::Params) -> Vec<PublishDiagnosticsParams>,
    ) -> Result<Vec<PublishDiagnosticsParams>, String> {
        let params = serde_json::from_value::<N::Params>(n.params)
            .map_err(|e| format!("icpl: invalid parameters for `{}`: {e}", N::METHOD))?;
        catch_unwind(AssertUnwindSafe(|| handler(self, params)))
            .map_err(|_| format!("icpl: internal error while handling `{}`", N::METHOD))
    }

    // -----------------------------------------------------------------------------------------
    // Handlers, one per request and notification kind.

    fn initialize(&mut self, _params: InitializeParams) -> Result<InitializeResult, Failure> {
        self.state = State::Running;
        Ok(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "icpl".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    fn did_open(
        &mut self,
        params: lsp_types::DidOpenTextDocumentParams,
    ) -> Vec<PublishDiagnosticsParams> {
        let doc = params.text_document;
        self.workspace
            .open(doc.uri.as_str().to_string(), doc.text, doc.version)
    }

    fn did_change(
        &mut self,
        params: lsp_types::DidChangeTextDocumentParams,
    ) -> Vec<PublishDiagnosticsParams> {
        let doc = params.text_document;
        let changes = params.content_changes;
        self.workspace
            .change(doc.uri.as_str(), doc.version, |text| {
                for change in changes {
                    match change.range {
                        None => *text = change.text,
                        // The server asks for whole documents, but takes ranged edits too.
                        Some(range) => {
                            let start = convert::text_offset(text, range.start);
                            let end = convert::text_offset(text, range.end).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                    }
                }
            })
    }

    fn did_close(
        &mut self,
        params: lsp_types::DidCloseTextDocumentParams,
    ) -> Vec<PublishDiagnosticsParams> {
        self.workspace.close(params.text_document.uri.as_str())
    }

    fn hover(&mut self, params: HoverParams) -> Result<Option<Hover>, Failure> {
        let at = params.text_document_position_params;
        let Some((comp, file)) = self.workspace.compilation(at.text_document.uri.as_str()) else {
            return Ok(None);
        };
        let source = comp.map().file(file);
        let pos = convert::offset(source, at.position);
        Ok(query::target_at(comp, file, pos).map(|target| {
            let text = hover::hover(&comp.spec, &target);
            convert::hover(source, target.span(), text)
        }))
    }

    fn definition(
        &mut self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>, Failure> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri.as_str();
        let Some((comp, file)) = self.workspace.compilation(uri) else {
            return Ok(None);
        };
        let pos = convert::offset(comp.map().file(file), at.position);
        let Some(target) = query::target_at(comp, file, pos) else {
            return Ok(None);
        };
        let uris = self.workspace.uris(uri);
        let locations: Vec<_> = definition::definition(&comp.spec, &target)
            .into_iter()
            .filter_map(|span| convert::location(comp.map(), uris, span))
            .collect();
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    }

    fn completion(
        &mut self,
        params: CompletionParams,
    ) -> Result<Option<CompletionResponse>, Failure> {
        let at = params.text_document_position;
        let uri = at.text_document.uri.as_str();
        let candidates = match self.workspace.compilation(uri) {
            Some((comp, file)) => {
                let source = comp.map().file(file);
                let offset = source.offset_of_utf16(at.position.line, at.position.character);
                completion::complete(&comp.spec, &source.text, offset)
            }
            // A spec that could not be read: keywords still help.
            None => match self.workspace.document(uri) {
                Some(doc) => {
                    let offset = convert::text_offset(&doc.text, at.position);
                    completion::complete(&crate::sema::Spec::default(), &doc.text, offset)
                }
                None => return Ok(None),
            },
        };
        Ok(Some(convert::completion(candidates)))
    }

    fn document_symbols(
        &mut self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>, Failure> {
        let Some((comp, file)) = self
            .workspace
            .compilation(params.text_document.uri.as_str())
        else {
            return Ok(None);
        };
        let Some(ast) = comp.parsed.files.iter().find(|f| f.file == file) else {
            return Ok(None);
        };
        let outline = symbols::symbols(ast);
        Ok(Some(DocumentSymbolResponse::Nested(
            convert::document_symbols(comp.map().file(file), outline),
        )))
    }

    fn formatting(
        &mut self,
        params: DocumentFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>, Failure> {
        // The editor's own text: the edit must cover exactly its buffer.
        let Some(doc) = self.workspace.document(params.text_document.uri.as_str()) else {
            return Ok(None);
        };
        match formatting::format(&doc.text) {
            Ok(None) => Ok(Some(Vec::new())),
            Ok(Some(text)) => Ok(Some(vec![convert::whole_text_edit(&doc.text, text)])),
            Err(message) => Err(Failure {
                code: ErrorCode::RequestFailed,
                message,
            }),
        }
    }
}

/// What the server can do.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", ",", ".", ":"].map(str::to_string).to_vec()),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: formatting::AVAILABLE.then_some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// A successful response. Serializing LSP result types cannot fail; if it ever did, the
/// client gets `InternalError` instead of a panic.
fn ok(id: RequestId, result: impl Serialize) -> Response {
    match serde_json::to_value(result) {
        Ok(value) => Response {
            id,
            response_result: Ok(value),
        },
        Err(e) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
    }
}

/// A notification to the client.
fn notify<N: lsp_types::notification::Notification>(params: N::Params) -> Message {
    Message::Notification(Notification {
        method: N::METHOD.to_string(),
        params: serde_json::to_value(params).unwrap_or_default(),
    })
}
