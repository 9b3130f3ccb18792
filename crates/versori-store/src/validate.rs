//! `versori db validate`: every row checked as `versori validate` checks a file.

use postgres::Client;
use rayon::prelude::*;

use crate::catalog::{self, TableName};
use crate::document::validate_stored;
use crate::run::{Reader, key_json};
use crate::{RowValidation, Source, StoreError, ValidateRun, ValidateSummary};

pub(crate) fn run(
    client: &mut Client,
    source: &Source,
    options: &ValidateRun,
    mut on_row: impl FnMut(RowValidation),
) -> Result<ValidateSummary, StoreError> {
    options
        .hint
        .check()
        .map_err(|e| StoreError::Usage(e.to_string()))?;
    let table = catalog::table(client, &TableName::parse(&source.table)?)?;
    let (column, _) = catalog::document_column(client, &table, &source.column)?;
    let key = catalog::key_column(client, &table, &source.key)?;
    let reader = Reader::prepare(
        client,
        &table,
        &key,
        &column,
        None,
        source.filter.as_deref(),
        options.batch_size,
    )?;
    let mut summary = ValidateSummary::default();
    let mut after: Option<String> = None;
    loop {
        let batch = reader.page(client, after.as_deref())?;
        let Some(last) = batch.last() else { break };
        let last = last.key.clone();
        let results: Vec<_> = batch
            .par_iter()
            .map(|row| validate_stored(row.value.as_deref(), options.hint, &options.options))
            .collect();
        for (row, result) in batch.iter().zip(results) {
            summary.rows += 1;
            if result
                .messages
                .iter()
                .any(|m| m.severity == versori_validate::Severity::Error)
            {
                summary.invalid += 1;
            }
            on_row(RowValidation {
                key: key_json(&key, &row.key),
                api_version: result.api_version,
                kind: result.kind,
                messages: result.messages,
            });
        }
        let full = batch.len() == reader.batch_size();
        after = Some(last);
        if !full {
            break;
        }
    }
    Ok(summary)
}
