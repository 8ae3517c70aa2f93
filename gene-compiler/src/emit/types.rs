//! `(type Name TypeExpr)`, a type alias (spec 2.3). Types are annotations, read and not
//! checked at run time (SCOPE leaves the checker out), so an alias compiles to nothing but
//! nil; its shape is still checked, so a typo fails where it is written.

use gene_syntax::{Datum, DatumKind, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};

impl Compiler<'_, '_> {
    pub(super) fn type_alias(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let usage = "`type` takes a name and a type: `(type Label (String | Nil))`";
        let Some(name) = args.first() else {
            return Err(CompileError::new(usage, span));
        };
        match &name.kind {
            DatumKind::Symbol(_) => {}
            DatumKind::Gene(_) => {
                return Err(CompileError::new(
                    "a sum type is an `enum` now: `(enum Result:T:E (Ok value: T) (Err \
                     error: E))`; `type` only names another type",
                    name.span,
                ))
            }
            _ => {
                return Err(CompileError::new(
                    "a type alias's name is a symbol",
                    name.span,
                ))
            }
        }
        let [_, definition] = args else {
            return Err(CompileError::new(usage, span));
        };
        check_type(definition)?;
        if !self.take_unused() {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        Ok(())
    }
}

/// A type expression: a name (`Int`, `T`, `Shape`), a union or application written as a
/// gene of types (`(String | Nil)`, `(Result Int String)`, `(Fn [Int] Int)`), or an array of
/// types (a function type's parameters).
fn check_type(datum: &Datum) -> Result<()> {
    match &datum.kind {
        DatumKind::Symbol(_) | DatumKind::ComplexSymbol(_) | DatumKind::Nil => Ok(()),
        DatumKind::Gene(gene) if gene.props.is_empty() => {
            check_type(&gene.head)?;
            gene.children.iter().try_for_each(check_type)
        }
        DatumKind::Array { items, .. } => items.iter().try_for_each(check_type),
        _ => Err(CompileError::new(
            format!("`{}` is not a type", gene_syntax::print(datum)),
            datum.span,
        )),
    }
}
