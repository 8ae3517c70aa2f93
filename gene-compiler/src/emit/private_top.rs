//! Top-level variables kept in registers of `<main>` ([`compile_module`]).
//!
//! A top-level `var` is a global slot, because code compiled later (the REPL's next line, a
//! host's next `eval`) names it by its slot. A file that runs once as a program or an
//! imported module is seen afterwards only through its exports, so there a `var` that only
//! the top-level code itself names can live in a register, as a function's local does: a
//! loop over it runs on registers instead of reading and writing its module's table.
//!
//! A name stays a global when anything else needs it as one: a function (or method,
//! macro, class body, `async` block) names it, `export` or a `/name` definition publishes
//! it, a top-level `fn`, `class` or `import` defines it too, or a pattern names it (a bare
//! name in a pattern means a global's value). These are found as the file compiles; a name
//! kept in a register before something needed it as a global makes the file compile once
//! more with that name global ([`compile_module`] retries, each time with fewer names in
//! registers). A file that names `$caller_eval`, `$render` or the serializer (which find
//! values by global name at run time) keeps every variable global.

use std::collections::HashSet;

use gene_syntax::{Datum, DatumKind, InterpPart, Span};

use super::{
    compile_main, compile_program, CompileError, Compiler, FunctionProto, Globals, Result,
};
use crate::isa::Reg;

/// Registers `<main>` keeps for temporaries once the variables have taken theirs.
const TEMPORARY_REGISTERS: u16 = 128;

/// The names that find a file's globals by name at run time.
const REFLECTIVE_NAMES: [&str; 4] = ["$caller_eval", "$render", "serdes", "$ns"];

/// What one compilation of a file knows about its top-level variables.
#[derive(Default)]
pub(super) struct PrivateTopLevel {
    /// Names an earlier attempt kept in registers and then needed as globals.
    excluded: HashSet<String>,
    /// Names something in this attempt needed as globals so far.
    global: HashSet<String>,
    /// Names this attempt kept in registers and needed as globals afterwards.
    conflicts: Vec<String>,
}

/// Compiles a file that runs once and is then seen only through its exports (the program
/// `gene run` runs, an imported module): its private top-level variables live in registers.
pub fn compile_module(data: &[Datum], globals: &mut Globals) -> Result<FunctionProto> {
    if names_any(data, &REFLECTIVE_NAMES) {
        return compile_program(data, globals);
    }
    let mut excluded = HashSet::new();
    loop {
        let mut attempt = globals.clone();
        let private = PrivateTopLevel {
            excluded: excluded.clone(),
            ..PrivateTopLevel::default()
        };
        match compile_main(data, &mut attempt, Some(private)) {
            Ok((proto, conflicts)) if conflicts.is_empty() => {
                *globals = attempt;
                return Ok(proto);
            }
            // Each retry keeps at least one more name global, so this ends.
            Ok((_, conflicts)) => excluded.extend(conflicts),
            // Registers taken by variables may leave too few for the code: the plain
            // compilation says what is wrong, if anything is.
            Err(_) => return compile_program(data, globals),
        }
    }
}

impl PrivateTopLevel {
    pub(super) fn into_conflicts(self) -> Vec<String> {
        self.conflicts
    }
}

impl Compiler<'_, '_> {
    /// Whether the top-level `var name` being compiled may live in a register.
    pub(super) fn keeps_in_register(&self, name: &str) -> bool {
        let Some(private) = &self.private_top else {
            return false;
        };
        self.functions.len() == 1
            && self.functions[0].next_reg < TEMPORARY_REGISTERS
            && !private.excluded.contains(name)
            && !private.global.contains(name)
    }

    /// Makes the top-level variable `name` live in `reg` from here on. A top-level `let`
    /// of the name still forbids declaring it again, as for a global.
    pub(super) fn name_top_level_register(
        &mut self,
        name: &str,
        reg: Reg,
        span: Span,
    ) -> Result<()> {
        if let Some(slot) = self.globals.lookup(name) {
            if self.globals.is_immutable(slot) {
                return Err(CompileError::new(
                    format!("`{name}` is bound by `let` and cannot be declared again"),
                    span,
                ));
            }
        }
        self.name_register(name, reg);
        if let Some(local) = self.func().locals.last_mut() {
            local.top_level = true;
        }
        Ok(())
    }

    /// Records that `name` must be a global slot of the file.
    pub(super) fn needs_global(&mut self, name: &str) {
        let Some(private) = &mut self.private_top else {
            return;
        };
        if private.global.contains(name) {
            return;
        }
        private.global.insert(name.to_string());
        let in_register = self.functions[0]
            .locals
            .iter()
            .any(|local| local.top_level && local.name == name);
        if in_register {
            private.conflicts.push(name.to_string());
        }
    }
}

/// Whether any symbol in `data`, or any segment of a path, is one of `names`.
fn names_any(data: &[Datum], names: &[&str]) -> bool {
    let mut pending: Vec<&Datum> = data.iter().collect();
    while let Some(datum) = pending.pop() {
        match &datum.kind {
            DatumKind::Symbol(name) if names.contains(&name.as_str()) => return true,
            DatumKind::ComplexSymbol(parts)
                if parts.iter().any(|part| names.contains(&part.as_str())) =>
            {
                return true
            }
            DatumKind::Interp(parts) => {
                pending.extend(parts.iter().filter_map(|part| match part {
                    InterpPart::Expr(datum) => Some(datum),
                    InterpPart::Str(_) => None,
                }))
            }
            DatumKind::Array { items, .. } => pending.extend(items),
            DatumKind::Map { props, .. } => pending.extend(props.values()),
            DatumKind::HashMap { entries, .. } => {
                pending.extend(entries.iter().flat_map(|(k, v)| [k, v]))
            }
            DatumKind::Gene(gene) => {
                pending.push(&gene.head);
                pending.extend(gene.props.values());
                pending.extend(&gene.children);
            }
            DatumKind::Quote(datum) | DatumKind::Unquote { datum, .. } => pending.push(datum),
            _ => {}
        }
    }
    false
}
