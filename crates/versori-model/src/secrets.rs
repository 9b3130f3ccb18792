//! Where a document's secrets are: [`secrets`] lists every [`Secret`] field of a model value with
//! its pointer, by walking the value's serialization (so no secret field is ever missed: a field
//! is found because its type is [`Secret`], not because a list names it).

use std::fmt;

use serde::ser::{self, Serialize};

use crate::{Pointer, Secret};

/// The newtype name [`Secret`] serializes under; formats that do not look at it (JSON) write
/// the bare string.
pub(crate) const SECRET_NAME: &str = "versori_model::Secret";

/// Every [`Secret`] in `value`, with its pointer, in document order.
///
/// ```
/// use versori_model::{Document, secrets};
///
/// let doc = Document::read(serde_json::json!({
///     "id": "c", "organisationId": "o", "type": "basic-auth", "name": "******",
///     "data": {"username": "u", "password": "******"}
/// })).unwrap();
/// let found: Vec<_> = secrets(&doc).into_iter().map(|(p, s)| (p.to_string(), s.is_redacted())).collect();
/// // `name` holds the mask too, but a name is not a secret.
/// assert_eq!(found, [("/data/password".to_owned(), true)]);
/// ```
pub fn secrets<T: Serialize + ?Sized>(value: &T) -> Vec<(Pointer, Secret)> {
    let mut finder = Finder {
        path: Pointer::root(),
        found: Vec::new(),
        key: String::new(),
    };
    // Model values always serialize; a value that does not is walked as far as it goes.
    let _ = value.serialize(&mut finder);
    finder.found
}

struct Finder {
    path: Pointer,
    found: Vec<(Pointer, Secret)>,
    /// The map key being written, reused so that keys cost no allocation each.
    key: String,
}

#[derive(Debug)]
struct Stop(String);

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

impl Finder {
    fn below<T: Serialize + ?Sized>(
        &mut self,
        token: impl crate::Token,
        value: &T,
    ) -> Result<(), Stop> {
        self.path.push(token);
        let result = value.serialize(&mut *self);
        self.path.remove_last();
        result
    }
}

macro_rules! nothing {
    ($($method:ident($($ty:ty),*);)+) => {
        $(fn $method(self, $(_: $ty),*) -> Result<(), Stop> { Ok(()) })+
    };
}

impl<'a> ser::Serializer for &'a mut Finder {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Entries<'a>;
    type SerializeStruct = Entries<'a>;
    type SerializeStructVariant = Entries<'a>;

    nothing! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_i128(self, _: i128) -> Result<(), Stop> {
        Ok(())
    }

    fn serialize_u128(self, _: u128) -> Result<(), Stop> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        if name == SECRET_NAME {
            let text = value.serialize(Text)?;
            self.found.push((self.path.clone(), Secret::new(text)));
            return Ok(());
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.below(variant, value)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Stop> {
        Ok(Items {
            finder: self,
            index: 0,
            variant: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Stop> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, Stop> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Stop> {
        self.path.push(variant);
        Ok(Items {
            finder: self,
            index: 0,
            variant: Some(()),
        })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a>, Stop> {
        Ok(Entries {
            finder: self,
            key: None,
            variant: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Entries<'a>, Stop> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Entries<'a>, Stop> {
        self.path.push(variant);
        Ok(Entries {
            finder: self,
            key: None,
            variant: Some(()),
        })
    }
}

struct Items<'a> {
    finder: &'a mut Finder,
    index: usize,
    variant: Option<()>,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let index = self.index;
        self.index += 1;
        self.finder.below(index, value)
    }

    fn done(self) -> Result<(), Stop> {
        if self.variant.is_some() {
            self.finder.path.remove_last();
        }
        Ok(())
    }
}

macro_rules! items {
    ($($trait:ident :: $method:ident),+) => {
        $(impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
                self.item(value)
            }
            fn end(self) -> Result<(), Stop> {
                self.done()
            }
        })+
    };
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

struct Entries<'a> {
    finder: &'a mut Finder,
    key: Option<()>,
    variant: Option<()>,
}

impl Entries<'_> {
    fn done(self) -> Result<(), Stop> {
        if self.variant.is_some() {
            self.finder.path.remove_last();
        }
        Ok(())
    }
}

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        let mut buffer = std::mem::take(&mut self.finder.key);
        buffer.clear();
        key.serialize(KeyInto(&mut buffer))?;
        self.finder.key = buffer;
        self.key = Some(());
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.key = None;
        let finder = &mut *self.finder;
        finder.path.push(finder.key.as_str());
        let result = value.serialize(&mut *finder);
        finder.path.remove_last();
        result
    }

    fn end(self) -> Result<(), Stop> {
        self.done()
    }
}

impl ser::SerializeStruct for Entries<'_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.finder.below(key, value)
    }

    fn end(self) -> Result<(), Stop> {
        self.done()
    }
}

impl ser::SerializeStructVariant for Entries<'_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.finder.below(key, value)
    }

    fn end(self) -> Result<(), Stop> {
        self.done()
    }
}

/// Writes a map key (a string, or a number) into a buffer.
struct KeyInto<'a>(&'a mut String);

impl ser::Serializer for KeyInto<'_> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = ser::Impossible<(), Stop>;
    type SerializeTuple = ser::Impossible<(), Stop>;
    type SerializeTupleStruct = ser::Impossible<(), Stop>;
    type SerializeTupleVariant = ser::Impossible<(), Stop>;
    type SerializeMap = ser::Impossible<(), Stop>;
    type SerializeStruct = ser::Impossible<(), Stop>;
    type SerializeStructVariant = ser::Impossible<(), Stop>;

    fn serialize_str(self, value: &str) -> Result<(), Stop> {
        self.0.push_str(value);
        Ok(())
    }

    fn serialize_bool(self, v: bool) -> Result<(), Stop> {
        self.serialize_str(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Stop> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Stop> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Stop> {
        self.0.push(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Stop> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop("not a key".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop("not a key".into()))
    }
}

/// Serializes a secret's text to a `String` (anything else is refused).
struct Text;

macro_rules! display {
    ($($method:ident($ty:ty);)+) => {
        $(fn $method(self, value: $ty) -> Result<String, Stop> { Ok(value.to_string()) })+
    };
}

impl ser::Serializer for Text {
    type Ok = String;
    type Error = Stop;
    type SerializeSeq = ser::Impossible<String, Stop>;
    type SerializeTuple = ser::Impossible<String, Stop>;
    type SerializeTupleStruct = ser::Impossible<String, Stop>;
    type SerializeTupleVariant = ser::Impossible<String, Stop>;
    type SerializeMap = ser::Impossible<String, Stop>;
    type SerializeStruct = ser::Impossible<String, Stop>;
    type SerializeStructVariant = ser::Impossible<String, Stop>;

    display! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str);
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<String, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_none(self) -> Result<String, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Stop> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop("not text".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop("not text".into()))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Document;

    fn found(value: serde_json::Value) -> Vec<String> {
        let doc = Document::read(value).expect("reads");
        secrets(&doc)
            .into_iter()
            .map(|(p, _)| p.to_string())
            .collect()
    }

    #[test]
    fn finds_secrets_in_nested_and_tagged_positions() {
        let connector = json!({"id": "c", "organisationId": "o", "name": "n", "public": false,
            "protocol": "http", "baseUrl": "https://x.test", "versions": [],
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z",
            "authSchemeConfigs": [{"schemeType": "oauth2", "id": "o", "description": "d",
                "authorizeUrl": "https://a.test", "tokenUrl": "https://t.test", "scopes": [],
                "defaultScopes": [], "grant": {"grantType": "password", "clientSecret": "s"}}],
            "connections": [{"id": "k", "name": "p", "variables": [],
                "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z",
                "credentials": {"trigger": [{"id": "b", "authSchemeConfig": {"schemeType": "none",
                    "id": "none", "description": "x"},
                    "credential": {"id": "c", "organisationId": "o", "type": "oauth2-token",
                        "name": "t", "data": {"scopes": [], "accessToken": "a", "x-note": "******"}}}]}}]});
        assert_eq!(
            found(connector),
            [
                "/authSchemeConfigs/0/grant/clientSecret",
                "/connections/0/credentials/trigger/0/credential/data/accessToken"
            ]
        );
        let v2 = json!({"id": "c", "organisationId": "o", "type": "basic-auth",
            "data": {"basicAuth": {"username": "u", "password": "p"}}});
        assert_eq!(found(v2), ["/data/basicAuth/password"]);
    }

    #[test]
    fn json_is_unchanged_by_the_newtype_name() {
        let secret = Secret::new("hunter2");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        assert_eq!(serde_json::to_value(&secret).unwrap(), json!("hunter2"));
    }
}
