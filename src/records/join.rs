//! The contact join: the accounts of a file kept by id, so that each contact is scored with the
//! account its account column names.
//!
//! Nothing is joined by guess: an account without an id cannot be named by a contact; an id
//! given to two accounts names neither (every contact that uses it is reported, and so is the
//! second account); a contact whose account is missing or bad is a bad record itself.

use std::collections::HashMap;

use super::read::Item;
use super::shown;
use crate::eval::row::{Row, Slot};

/// One account as read: where, its slots and words, and whether it was bad.
struct Account {
    line: u64,
    slots: Box<[Slot]>,
    words: Box<[u64]>,
    bad: bool,
    /// The lines of later accounts with the same id.
    also: Vec<u64>,
}

/// The accounts of a file, by id.
#[derive(Default)]
pub struct Accounts {
    by_id: HashMap<String, Account>,
}

/// Why an account cannot be kept for contacts to name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// It has no id.
    NoId,
    /// Its id was given to the account on this line already.
    Duplicate { first: u64 },
}

impl Accounts {
    /// Keeps the account just read into `row`. Refused (and not kept) when it has no id or its
    /// id is taken; a taken id then names neither account.
    pub fn insert(&mut self, row: &Row, item: &Item) -> Result<(), Refused> {
        if item.id.is_empty() {
            return Err(Refused::NoId);
        }
        if let Some(first) = self.by_id.get_mut(&item.id) {
            first.also.push(item.line);
            return Err(Refused::Duplicate { first: first.line });
        }
        let (slots, words) = row.account_part();
        self.by_id.insert(
            item.id.clone(),
            Account {
                line: item.line,
                slots: slots.into(),
                words: words.into(),
                bad: !item.errors.is_empty(),
                also: Vec::new(),
            },
        );
        Ok(())
    }

    /// Copies a contact's account into `row`, or gives why it cannot (a message for the
    /// contact's record).
    pub fn join(&self, row: &mut Row, item: &Item, accounts_file: &str) -> Result<(), String> {
        let id = &item.account;
        let file = shown(accounts_file);
        match self.by_id.get(id) {
            Some(account) if !account.also.is_empty() => {
                let mut lines = vec![account.line];
                lines.extend(&account.also);
                Err(format!(
                    "account id `{}` names {} accounts (lines {} of {file}), so the contact's account is not known",
                    shown(id),
                    lines.len(),
                    lines
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
            Some(account) if account.bad => Err(format!(
                "account `{}` (line {} of {file}) has values that do not fit the schema",
                shown(id),
                account.line
            )),
            Some(account) => {
                row.set_account_part(&account.slots, &account.words);
                Ok(())
            }
            None if id.is_empty() => Err("the contact names no account".to_string()),
            None => Err(format!("no account with id `{}` in {file}", shown(id))),
        }
    }
}
