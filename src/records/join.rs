//! The contact join: the accounts of a file kept by id, so that each contact is scored with the
//! account its account column names.

use std::collections::HashMap;

use super::decode::DecodeError;
use super::read::{CellError, Item};
use crate::eval::row::{Row, Slot};

/// One account as read: its slots, and the values that did not fit.
struct Account {
    slots: Box<[Slot]>,
    words: Box<[u64]>,
    errors: Vec<CellError>,
}

/// The accounts of a file, by id.
#[derive(Default)]
pub struct Accounts {
    by_id: HashMap<String, Account>,
}

impl Accounts {
    /// Keeps the account just read into `row`.
    pub fn insert(&mut self, row: &Row, item: &Item) {
        let (slots, words) = row.account_part();
        self.by_id.insert(
            item.id(),
            Account {
                slots: slots.into(),
                words: words.into(),
                errors: item.errors.clone(),
            },
        );
    }

    /// Copies a contact's account into `row`, or gives why it cannot (a message for the
    /// contact's record).
    pub fn join(&self, row: &mut Row, item: &Item, accounts_file: &str) -> Result<(), String> {
        let value = &item.account;
        match self.by_id.get(value) {
            Some(account) => {
                row.set_account_part(&account.slots, &account.words);
                if account.errors.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "account `{value}` has values that do not fit the schema"
                    ))
                }
            }
            None if value.is_empty() => Err("the contact names no account".to_string()),
            None => Err(format!("no account with id `{value}` in {accounts_file}")),
        }
    }
}

/// The error a failed join adds to the contact's record.
pub fn join_error(item: &Item, column: &str, message: String) -> CellError {
    CellError {
        line: item.line,
        column: column.to_string(),
        value: item.account.clone(),
        error: DecodeError {
            message,
            help: None,
        },
    }
}
