//! Names and types: identifiers quoted for SQL, tables and columns looked up in the catalog,
//! and the checks that turn a wrong table, column, type or key into a clear error up front.

use std::fmt;

use postgres::GenericClient;

use crate::StoreError;

/// Quotes an identifier for SQL: `"name"`, with `"` doubled. Names are taken as written
/// (case-sensitive); nothing a user gives as a name is ever spliced unquoted.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A table as the user names it: `name` (found on the `search_path`) or `schema.name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableName {
    /// The schema, when given.
    pub schema: Option<String>,
    /// The table's name.
    pub name: String,
}

impl TableName {
    /// Parses `name` or `schema.name` (a name with a dot in it cannot be given this way).
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let parts: Vec<&str> = text.split('.').collect();
        match parts.as_slice() {
            [name] if !name.is_empty() => Ok(Self {
                schema: None,
                name: (*name).to_owned(),
            }),
            [schema, name] if !schema.is_empty() && !name.is_empty() => Ok(Self {
                schema: Some((*schema).to_owned()),
                name: (*name).to_owned(),
            }),
            _ => Err(StoreError::Usage(format!(
                "`{text}` is not a table name (use `name` or `schema.name`)"
            ))),
        }
    }

    /// The name quoted for SQL: `"schema"."name"` or `"name"`.
    pub fn quoted(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{}.{}", quote_ident(schema), quote_ident(&self.name)),
            None => quote_ident(&self.name),
        }
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The SQL type of a column holding documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// `jsonb`: PostgreSQL normalises key order, whitespace and duplicate keys.
    Jsonb,
    /// `json`: the text exactly as written.
    Json,
    /// `text`: the text exactly as written.
    Text,
}

impl ValueType {
    /// The type's SQL name.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Jsonb => "jsonb",
            Self::Json => "json",
            Self::Text => "text",
        }
    }

    fn from_sql(name: &str) -> Option<Self> {
        match name {
            "jsonb" => Some(Self::Jsonb),
            "json" => Some(Self::Json),
            "text" => Some(Self::Text),
            _ => None,
        }
    }
}

/// A table found in the catalog.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub oid: u32,
    pub schema: String,
    pub name: String,
}

impl Table {
    pub fn quoted(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }

    /// `schema.name`, as reports and the runs table name it.
    pub fn display(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// A column found in the catalog: its quoted name and its type as `format_type` spells it.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub name: String,
    pub quoted: String,
    pub sql_type: String,
    pub not_null: bool,
}

/// Looks a table up; `None` when there is none of that name.
pub(crate) fn find_table(
    client: &mut impl GenericClient,
    name: &TableName,
) -> Result<Option<Table>, StoreError> {
    let row = client.query_opt(
        "SELECT c.oid, n.nspname::text, c.relname::text
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = pg_catalog.to_regclass($1)",
        &[&name.quoted()],
    )?;
    Ok(row.map(|row| Table {
        oid: row.get(0),
        schema: row.get(1),
        name: row.get(2),
    }))
}

/// Looks a table up and fails with [`StoreError::NoSuchTable`] when there is none.
pub(crate) fn table(
    client: &mut impl GenericClient,
    name: &TableName,
) -> Result<Table, StoreError> {
    find_table(client, name)?.ok_or_else(|| StoreError::NoSuchTable(name.to_string()))
}

/// Looks a column of `table` up.
pub(crate) fn column(
    client: &mut impl GenericClient,
    table: &Table,
    name: &str,
) -> Result<Column, StoreError> {
    let row = client.query_opt(
        "SELECT pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
           FROM pg_catalog.pg_attribute a
          WHERE a.attrelid = $1 AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
        &[&table.oid, &name],
    )?;
    let row = row.ok_or_else(|| StoreError::NoSuchColumn {
        table: table.display(),
        column: name.to_owned(),
    })?;
    Ok(Column {
        name: name.to_owned(),
        quoted: quote_ident(name),
        sql_type: row.get(0),
        not_null: row.get(1),
    })
}

/// A column that holds documents: `jsonb`, `json` or `text`.
pub(crate) fn document_column(
    client: &mut impl GenericClient,
    table: &Table,
    name: &str,
) -> Result<(Column, ValueType), StoreError> {
    let column = column(client, table, name)?;
    match ValueType::from_sql(&column.sql_type) {
        Some(ty) => Ok((column, ty)),
        None => Err(StoreError::ColumnType {
            table: table.display(),
            column: name.to_owned(),
            found: column.sql_type,
        }),
    }
}

/// The key column: it must exist, be unique on its own (a primary key or a unique index
/// without a predicate or expression) and hold no `NULL` (keyset pagination would skip it).
pub(crate) fn key_column(
    client: &mut impl GenericClient,
    table: &Table,
    name: &str,
) -> Result<Column, StoreError> {
    let column = column(client, table, name)?;
    let unique: bool = client
        .query_one(
            "SELECT EXISTS (
                SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a
                    ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = $1 AND i.indisunique AND i.indnkeyatts = 1
                   AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = $2)",
            &[&table.oid, &name],
        )?
        .get(0);
    if !unique {
        return Err(StoreError::KeyNotUnique {
            table: table.display(),
            key: name.to_owned(),
        });
    }
    if !column.not_null {
        let nulls: bool = client
            .query_one(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM {} WHERE {} IS NULL)",
                    table.quoted(),
                    column.quoted
                ),
                &[],
            )?
            .get(0);
        if nulls {
            return Err(StoreError::KeyHasNulls {
                table: table.display(),
                key: name.to_owned(),
            });
        }
    }
    Ok(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("connectors"), "\"connectors\"");
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(
            quote_ident("x\"; DROP TABLE t; --"),
            "\"x\"\"; DROP TABLE t; --\""
        );
    }

    #[test]
    fn table_names_parse() {
        let plain = TableName::parse("connectors").unwrap();
        assert_eq!((plain.schema, plain.name.as_str()), (None, "connectors"));
        let qualified = TableName::parse("app.Connectors").unwrap();
        assert_eq!(qualified.quoted(), "\"app\".\"Connectors\"");
        assert_eq!(qualified.to_string(), "app.Connectors");
        for bad in ["", ".", "a.", ".b", "a.b.c"] {
            assert!(TableName::parse(bad).is_err(), "{bad}");
        }
    }
}
