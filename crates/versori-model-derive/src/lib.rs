//! `#[derive(DeserializeExtra)]`: serde's `Deserialize` for a `versori-model` struct that keeps its
//! unknown keys in a `#[serde(flatten)]` map, without the cost of `flatten`.
//!
//! serde's derive reads a struct with a flattened field by first buffering the whole object into
//! its private `Content` tree (every key and value copied), then reading the known fields out of
//! that buffer and handing the rest to the map. For documents that are mostly known fields, that
//! buffering is most of the work. This derive generates the visitor serde would generate without
//! `flatten`, and sends every key it does not know into the map directly.
//!
//! It honours exactly the serde attributes the model uses, with serde's meaning:
//!
//! - container: `rename_all = "camelCase" | "lowercase"`;
//! - field: `rename = "..."`, `default`, `default = "path"`, `deserialize_with = "path"`,
//!   `flatten` (exactly one field: the unknown-key map, any `Default + Extend<(String, V)>`
//!   whose `V: Deserialize`, in practice `BTreeMap<String, serde_json::Value>`),
//!   `skip_serializing_if` (ignored: serialization only).
//!
//! Any other serde attribute is a compile error, so the derive can never silently differ from
//! serde's. Behaviour, as serde's derive: a known key given twice is a `duplicate field` error;
//! an unknown key given twice keeps the last value; an absent `Option` field is `None`, an
//! absent field with `default` its default, an absent `deserialize_with` field or any other
//! absent field a `missing field` error. The generated code uses `crate::de::KeySeed` and
//! `crate::de::MissingField`, so it is meant for `versori-model` itself.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Expr, ExprLit, Fields, Lit, LitStr, Meta, Token, parse_macro_input};

/// Derives serde's `Deserialize` for a struct with named fields and one `#[serde(flatten)]`
/// unknown-key map (see the crate docs for the attributes honoured).
#[proc_macro_derive(DeserializeExtra, attributes(serde))]
pub fn derive_deserialize_extra(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

#[derive(Clone, Copy)]
enum RenameAll {
    None,
    CamelCase,
    Lowercase,
}

enum Missing {
    /// `Option` -> `None`, otherwise a `missing field` error (serde's `missing_field` helper).
    Serde,
    /// `#[serde(default)]`.
    Default,
    /// `#[serde(default = "path")]`.
    DefaultWith(syn::Path),
    /// `deserialize_with` without a default: a `missing field` error.
    Error,
}

struct Field {
    ident: syn::Ident,
    ty: syn::Type,
    wire: String,
    missing: Missing,
    with: Option<syn::Path>,
}

fn serde_metas(attrs: &[syn::Attribute]) -> syn::Result<Vec<Meta>> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let nested =
            attr.parse_args_with(syn::punctuated::Punctuated::<Meta, Token![,]>::parse_terminated)?;
        out.extend(nested);
    }
    Ok(out)
}

fn string_value(meta: &Meta) -> syn::Result<LitStr> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Ok(s.clone()),
            other => Err(syn::Error::new_spanned(other, "expected a string literal")),
        },
        other => Err(syn::Error::new_spanned(other, "expected `name = \"...\"`")),
    }
}

fn rename(field: &str, rule: RenameAll) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    match rule {
        RenameAll::None => field.to_owned(),
        RenameAll::Lowercase => field.to_ascii_lowercase(),
        RenameAll::CamelCase => {
            let mut out = String::with_capacity(field.len());
            let mut upper = false;
            for ch in field.chars() {
                if ch == '_' {
                    upper = true;
                } else if upper {
                    out.extend(ch.to_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            out
        }
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "DeserializeExtra does not support generics",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            input,
            "DeserializeExtra is for structs",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "DeserializeExtra needs named fields",
        ));
    };

    let mut rule = RenameAll::None;
    for meta in serde_metas(&input.attrs)? {
        if meta.path().is_ident("rename_all") {
            let value = string_value(&meta)?;
            rule = match value.value().as_str() {
                "camelCase" => RenameAll::CamelCase,
                "lowercase" => RenameAll::Lowercase,
                _ => {
                    return Err(syn::Error::new_spanned(
                        value,
                        "unsupported rename_all rule",
                    ));
                }
            };
        } else {
            return Err(syn::Error::new_spanned(
                meta,
                "serde container attribute not supported by DeserializeExtra",
            ));
        }
    }

    let mut fields = Vec::new();
    let mut extra: Option<syn::Ident> = None;
    for field in &named.named {
        let ident = field.ident.clone().expect("named fields have identifiers");
        let mut wire = rename(&ident.to_string(), rule);
        let mut missing = Missing::Serde;
        let mut with = None;
        let mut flatten = false;
        for meta in serde_metas(&field.attrs)? {
            let path = meta.path();
            if path.is_ident("rename") {
                wire = string_value(&meta)?.value();
            } else if path.is_ident("default") {
                missing = match &meta {
                    Meta::Path(_) => Missing::Default,
                    _ => Missing::DefaultWith(string_value(&meta)?.parse()?),
                };
            } else if path.is_ident("deserialize_with") {
                with = Some(string_value(&meta)?.parse::<syn::Path>()?);
            } else if path.is_ident("flatten") {
                flatten = true;
            } else if path.is_ident("skip_serializing_if") {
                // Serialization only.
            } else {
                return Err(syn::Error::new_spanned(
                    meta,
                    "serde field attribute not supported by DeserializeExtra",
                ));
            }
        }
        if flatten {
            if extra.replace(ident.clone()).is_some() {
                return Err(syn::Error::new_spanned(
                    field,
                    "DeserializeExtra takes exactly one flatten field",
                ));
            }
            continue;
        }
        if with.is_some() && matches!(missing, Missing::Serde) {
            missing = Missing::Error;
        }
        fields.push(Field {
            ident,
            ty: field.ty.clone(),
            wire,
            missing,
            with,
        });
    }
    let Some(extra) = extra else {
        return Err(syn::Error::new(
            Span::call_site(),
            "DeserializeExtra needs one #[serde(flatten)] field for unknown keys",
        ));
    };

    let vars: Vec<_> = fields
        .iter()
        .map(|f| format_ident!("__field_{}", f.ident))
        .collect();
    let declarations = fields.iter().zip(&vars).map(|(f, var)| {
        let ty = &f.ty;
        quote! { let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None; }
    });
    let arms = fields.iter().zip(&vars).map(|(f, var)| {
        let wire = &f.wire;
        let ty = &f.ty;
        let read = match &f.with {
            None => quote! { ::serde::de::MapAccess::next_value::<#ty>(&mut __map)? },
            Some(path) => quote! {{
                struct __With(#ty);
                impl<'de> ::serde::Deserialize<'de> for __With {
                    fn deserialize<__D: ::serde::Deserializer<'de>>(
                        __deserializer: __D,
                    ) -> ::core::result::Result<Self, __D::Error> {
                        #path(__deserializer).map(__With)
                    }
                }
                ::serde::de::MapAccess::next_value::<__With>(&mut __map)?.0
            }},
        };
        quote! {
            #wire => {
                if #var.is_some() {
                    return ::core::result::Result::Err(
                        <__A::Error as ::serde::de::Error>::duplicate_field(#wire),
                    );
                }
                #var = ::core::option::Option::Some(#read);
            }
        }
    });
    let finals = fields.iter().zip(&vars).map(|(f, var)| {
        let wire = &f.wire;
        let missing = match &f.missing {
            Missing::Serde => quote! {
                ::serde::Deserialize::deserialize(crate::de::MissingField::<__A::Error>::new(#wire))?
            },
            Missing::Default => quote! { ::core::default::Default::default() },
            Missing::DefaultWith(path) => quote! { #path() },
            Missing::Error => quote! {
                return ::core::result::Result::Err(
                    <__A::Error as ::serde::de::Error>::missing_field(#wire),
                )
            },
        };
        quote! {
            let #var = match #var {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #missing,
            };
        }
    });
    let idents = fields.iter().map(|f| &f.ident);
    let expecting = format!("struct {name}");

    Ok(quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(
                        &self,
                        __formatter: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        __formatter.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::core::result::Result<#name, __A::Error> {
                        #(#declarations)*
                        let mut __extra = <_ as ::core::default::Default>::default();
                        while let ::core::option::Option::Some(__key) =
                            ::serde::de::MapAccess::next_key_seed(&mut __map, crate::de::KeySeed)?
                        {
                            match &*__key {
                                #(#arms)*
                                _ => {
                                    let __value = ::serde::de::MapAccess::next_value(&mut __map)?;
                                    crate::de::keep_unknown(&mut __extra, __key, __value);
                                }
                            }
                        }
                        #(#finals)*
                        ::core::result::Result::Ok(#name {
                            #(#idents: #vars,)*
                            #extra: __extra,
                        })
                    }
                }
                ::serde::Deserializer::deserialize_map(__deserializer, __Visitor)
            }
        }
    })
}
