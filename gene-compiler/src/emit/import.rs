//! `import` (spec 8.2): `(import a b:c n/f:g n/[x y:z] from "path")`, `(import * from
//! "path")`, and, without `from`, imports out of namespaces already in scope
//! (`(import genex/http)`, `(import gene/println:say)`).
//!
//! The form is data, not an expression: it is compiled before infix detection, so
//! `(import * from "x")` is not `import` times `from`. Loading happens when the form runs
//! (`Import`; the VM runs each file once and caches it), and each name is then bound like a
//! `var`: a global at a file's top level, a local anywhere else. A wildcard defines names
//! that are known only once the module has run, so it binds globals, and is refused inside
//! functions.

use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::reserved::Binding;
use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};
use crate::proto::Constant;

/// One thing an `import` binds.
#[derive(Debug, PartialEq)]
enum Item {
    /// The value at `path` (`f`, `n/f`), bound as `alias`.
    Name {
        path: String,
        alias: String,
        span: Span,
    },
    /// Everything a module exports (`*`), or every member of the namespace at `path`
    /// (`n/*`).
    All { path: Option<String>, span: Span },
}

/// What an `import` form says: the module's path, if it names one, and what to bind.
#[derive(Debug, PartialEq)]
struct ImportForm {
    from: Option<String>,
    items: Vec<Item>,
}

/// `name` or `name:alias`.
fn split_alias(text: &str, span: Span) -> Result<(&str, &str)> {
    match text.split_once(':') {
        Some((name, alias)) if !name.is_empty() && !alias.is_empty() && !alias.contains(':') => {
            Ok((name, alias))
        }
        Some(_) => Err(CompileError::new(
            format!("`{text}` is not an import: write `name` or `name:alias`"),
            span,
        )),
        None => Ok((text, text)),
    }
}

fn parse(gene: &Gene, span: Span) -> Result<ImportForm> {
    if let Some((key, value)) = gene.props.iter().next() {
        let message = if key == "pkg" {
            "package imports (`^pkg`) are not supported: import a file by its path".to_string()
        } else {
            format!("`import` takes no `^{key}`")
        };
        return Err(CompileError::new(message, value.span));
    }
    let mut form = ImportForm {
        from: None,
        items: Vec::new(),
    };
    let mut children = gene.children.iter().peekable();
    while let Some(child) = children.next() {
        let at = child.span;
        match &child.kind {
            DatumKind::Symbol(word) if word == "from" => {
                let path = match children.next().map(|d| &d.kind) {
                    Some(DatumKind::Str(path)) if form.from.is_none() => path,
                    Some(DatumKind::Str(_)) => {
                        return Err(CompileError::new("an `import` has one `from`", at))
                    }
                    _ => {
                        return Err(CompileError::new(
                            "`from` is followed by the module's path, a string",
                            at,
                        ))
                    }
                };
                form.from = Some(path.clone());
            }
            DatumKind::Symbol(word) if word == "of" => {
                return Err(CompileError::new(
                    "package imports (`of`) are not supported: import a file by its path",
                    at,
                ))
            }
            DatumKind::Symbol(word) if word == "*" => {
                form.items.push(Item::All {
                    path: None,
                    span: at,
                });
            }
            DatumKind::Symbol(text) => {
                let (name, alias) = split_alias(text, at)?;
                form.items.push(Item::Name {
                    path: name.to_string(),
                    alias: alias.to_string(),
                    span: at,
                });
            }
            DatumKind::ComplexSymbol(parts) => {
                let (last, init) = parts.split_last().expect("a path has parts");
                if init.iter().any(String::is_empty) {
                    return Err(CompileError::new(
                        format!("`{}` is not a path to import", parts.join("/")),
                        at,
                    ));
                }
                let prefix = init.join("/");
                if last.is_empty() {
                    // `n/[one two:y]`: the reader gives the path `n/` and then the array.
                    let Some(Datum {
                        kind: DatumKind::Array { items, .. },
                        ..
                    }) = children.next()
                    else {
                        return Err(CompileError::new(
                            format!(
                                "`{prefix}/` is followed by the names to import: `{prefix}/[a b]`"
                            ),
                            at,
                        ));
                    };
                    for item in items {
                        let Some(text) = item.as_symbol() else {
                            return Err(CompileError::new(
                                "a group imports names: `n/[a b:alias]`",
                                item.span,
                            ));
                        };
                        let (name, alias) = split_alias(text, item.span)?;
                        form.items.push(Item::Name {
                            path: format!("{prefix}/{name}"),
                            alias: alias.to_string(),
                            span: item.span,
                        });
                    }
                } else if last == "*" {
                    form.items.push(Item::All {
                        path: Some(prefix),
                        span: at,
                    });
                } else {
                    let (name, alias) = split_alias(last, at)?;
                    form.items.push(Item::Name {
                        path: format!("{prefix}/{name}"),
                        alias: alias.to_string(),
                        span: at,
                    });
                }
            }
            _ => return Err(CompileError::new(
                "`import` takes names (`a`, `a:alias`, `n/f`, `n/[a b]`, `*`) and `from \"path\"`",
                at,
            )),
        }
    }
    if form.from.is_none() && form.items.is_empty() {
        return Err(CompileError::new(
            "`import` needs something to import: `(import a from \"path\")`",
            span,
        ));
    }
    Ok(form)
}

impl Compiler<'_, '_> {
    /// `(export a b …)` or `(export [a b …])` at the top level of a file: the file's
    /// globals of those names are exported, as `/name` definitions are; its value is nil.
    pub(super) fn export_form(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        if !self.at_top_level() {
            return Err(CompileError::new(
                "`export` names a file's globals, so it belongs at the top level of the file",
                span,
            ));
        }
        let names = match gene.children.as_slice() {
            [Datum {
                kind: DatumKind::Array { items, .. },
                ..
            }] => items.as_slice(),
            children => children,
        };
        if names.is_empty() {
            return Err(CompileError::new(
                "`export` needs the names to export: `(export a b)`",
                span,
            ));
        }
        for name in names {
            let text = match &name.kind {
                DatumKind::Symbol(text) | DatumKind::Str(text) if !text.contains('/') => text,
                _ => {
                    return Err(CompileError::new(
                        "`export` takes plain names (symbols or strings without `/`)",
                        name.span,
                    ))
                }
            };
            self.needs_global(text);
            let slot = self.global_slot(text, name.span)?;
            self.globals.export(slot);
        }
        self.emit(Instr::LoadNil { a: dest }, span);
        Ok(())
    }

    /// `(import …)`; its value is nil.
    pub(super) fn import_form(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        self.take_unused();
        let form = parse(gene, span)?;
        let top = self.at_top_level();
        let mark = self.reg_mark();
        let module = match &form.from {
            Some(path) => {
                let module = self.alloc_reg(span)?;
                let path = self.constant(Constant::Str(path.clone()), span)?;
                self.emit(Instr::Import { a: module, path }, span);
                Some(module)
            }
            None => None,
        };
        for item in &form.items {
            match item {
                Item::Name { path, alias, span } => {
                    self.check_bindable(alias, Binding::Variable, *span)?;
                    if top {
                        let scratch = self.alloc_reg(*span)?;
                        self.import_value(module, path, scratch, *span)?;
                        let slot = self.define_global(alias, *span)?;
                        self.emit(Instr::SetGlobal { a: scratch, slot }, *span);
                        self.free_to(scratch.0.into());
                    } else {
                        let local = self.alloc_reg(*span)?;
                        self.import_value(module, path, local, *span)?;
                        // Named only now, so the value is read before the name exists.
                        self.name_register(alias, local);
                    }
                }
                Item::All { path, span } => {
                    // Inside the file's own blocks (`do`, `try`) too: the names are globals
                    // either way. Inside a function they would be globals a call defines,
                    // which no reader of the function would guess.
                    if self.functions.len() > 1 {
                        return Err(CompileError::new(
                            "`*` imports only outside functions, where it defines globals; \
                             name what to import here",
                            *span,
                        ));
                    }
                    let from = match (path, module) {
                        (None, Some(module)) => module,
                        (None, None) => {
                            return Err(CompileError::new(
                                "`(import * …)` needs the module: `(import * from \"path\")`",
                                *span,
                            ))
                        }
                        (Some(path), _) => {
                            let scratch = self.alloc_reg(*span)?;
                            self.import_value(module, path, scratch, *span)?;
                            scratch
                        }
                    };
                    self.emit(Instr::ImportAll { from }, *span);
                }
            }
        }
        // Locals an import bound stay; only the temporaries go.
        self.free_temporaries(mark);
        self.emit(Instr::LoadNil { a: dest }, span);
        Ok(())
    }

    /// Puts into `dest` the value at `path`: an export of `module`, or, without one, the
    /// named value in scope and its members.
    fn import_value(
        &mut self,
        module: Option<Reg>,
        path: &str,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let name = self.constant(Constant::Str(path.to_string()), span)?;
        match module {
            Some(from) => {
                self.emit(
                    Instr::ImportName {
                        a: dest,
                        from,
                        name,
                    },
                    span,
                );
            }
            None => {
                let root = path.split('/').next().expect("split gives one part");
                let root_datum = Datum::new(DatumKind::Symbol(root.to_string()), span);
                self.expr(&root_datum, dest, false)?;
                if root.len() < path.len() {
                    self.emit(
                        Instr::ImportName {
                            a: dest,
                            from: dest,
                            name,
                        },
                        span,
                    );
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, Item};
    use gene_syntax::{DatumKind, Span};

    fn items(source: &str) -> Vec<(String, String)> {
        let data = gene_syntax::parse_str(source).expect("reads");
        let DatumKind::Gene(gene) = &data[0].kind else {
            panic!("a gene")
        };
        parse(gene, Span::default())
            .expect("parses")
            .items
            .into_iter()
            .map(|item| match item {
                Item::Name { path, alias, .. } => (path, alias),
                Item::All { path, .. } => (path.unwrap_or_default() + "/*", String::new()),
            })
            .collect()
    }

    #[test]
    fn every_item_form_gives_its_path_and_alias() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            items(r#"(import a b:c n/f:g n/m/h from "x")"#),
            pairs(&[("a", "a"), ("b", "c"), ("n/f", "g"), ("n/m/h", "h")])
        );
        assert_eq!(
            items(r#"(import n/[one:x two] * n/* from "x")"#),
            pairs(&[("n/one", "x"), ("n/two", "two"), ("/*", ""), ("n/*", "")])
        );
        assert_eq!(
            items("(import genex/http)"),
            pairs(&[("genex/http", "http")])
        );
    }

    #[test]
    fn malformed_imports_are_refused() {
        for source in [
            "(import)",
            r#"(import a from)"#,
            r#"(import a: from "x")"#,
            r#"(import n/ from "x")"#,
            r#"(import a from "x" from "y")"#,
            r#"(import a from "x" ^pkg "p")"#,
            r#"(import a of "p")"#,
            r#"(import 1 from "x")"#,
        ] {
            let data = gene_syntax::parse_str(source).expect("reads");
            let DatumKind::Gene(gene) = &data[0].kind else {
                panic!("a gene")
            };
            assert!(parse(gene, Span::default()).is_err(), "{source}");
        }
    }
}
