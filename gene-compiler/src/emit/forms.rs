//! Special forms (`var`, `if`, `do`, loops, `fn`, `return`) and calls.

use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::data::InPlace;
use super::namespace::Target;
use super::reserved::Binding;
use super::{CompileError, Compiler, Resolved, Result};
use crate::isa::{Count, Imm16, Instr, Reg};
use crate::proto::Constant;

impl Compiler<'_, '_> {
    /// Compiles `datum`, leaving its value in `dest`. `tail` says the value is the enclosing
    /// function's result, so a call there can be a tail call.
    pub(super) fn expr(&mut self, datum: &Datum, dest: Reg, tail: bool) -> Result<()> {
        let span = datum.span;
        let unused = std::mem::take(&mut self.discard);
        self.unused = unused;
        if unused {
            match &datum.kind {
                DatumKind::Gene(_) => {}
                // A name's value unused still says whether the name exists.
                DatumKind::Symbol(name) if super::selector::is_shorthand(name) => return Ok(()),
                DatumKind::Symbol(name) => {
                    if let Resolved::Global(_) | Resolved::Member { .. } =
                        self.resolve(name, span)?
                    {
                        return self.symbol(name, dest, span);
                    }
                    return Ok(());
                }
                DatumKind::ComplexSymbol(_) | DatumKind::Interp(_) => {}
                // Their items may have effects (`[(println "x")]`).
                DatumKind::Array { .. } | DatumKind::Map { .. } => {}
                // Literals have no effect.
                _ => return Ok(()),
            }
        }
        match &datum.kind {
            DatumKind::Nil => self.emit(Instr::LoadNil { a: dest }, span),
            DatumKind::Void => self.emit(Instr::LoadVoid { a: dest }, span),
            DatumKind::Bool(true) => self.emit(Instr::LoadTrue { a: dest }, span),
            DatumKind::Bool(false) => self.emit(Instr::LoadFalse { a: dest }, span),
            DatumKind::Int(n) => match i16::try_from(*n) {
                Ok(small) => self.emit(
                    Instr::LoadInt {
                        a: dest,
                        value: Imm16(small),
                    },
                    span,
                ),
                Err(_) => {
                    let k = self.constant(Constant::Int(*n), span)?;
                    self.emit(Instr::LoadConst { a: dest, k }, span)
                }
            },
            DatumKind::Float(x) => {
                let k = self.constant(Constant::Float(*x), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span)
            }
            DatumKind::Str(text) => {
                let k = self.constant(Constant::Str(text.clone()), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span)
            }
            DatumKind::Symbol(name) if super::selector::is_shorthand(name) => {
                return self.selector_shorthand(std::slice::from_ref(name), dest, span)
            }
            DatumKind::Symbol(name) => return self.symbol(name, dest, span),
            DatumKind::Gene(gene) => return self.gene(gene, dest, tail, span),
            DatumKind::Array { items, frozen } => {
                if super::spread::has_spread(items) {
                    self.spread_array(items, dest, span)?;
                } else {
                    self.array_literal(items, dest, span)?;
                }
                if *frozen {
                    self.emit(Instr::Freeze { a: dest }, span);
                }
                return Ok(());
            }
            DatumKind::Map { props, frozen } => {
                self.map_literal(props, dest, span)?;
                if *frozen {
                    self.emit(Instr::Freeze { a: dest }, span);
                }
                return Ok(());
            }
            DatumKind::HashMap { entries, frozen } => {
                self.hash_map_literal(entries, dest, span)?;
                if *frozen {
                    self.emit(Instr::Freeze { a: dest }, span);
                }
                return Ok(());
            }
            DatumKind::Quote(inner) => return self.quote(inner, dest, span),
            DatumKind::Interp(parts) => return self.interpolation(parts, dest, span),
            DatumKind::ComplexSymbol(parts) => return self.path(parts, dest, span),
            DatumKind::Char(_)
            | DatumKind::NotFound
            | DatumKind::Bytes(_)
            | DatumKind::Regex(_)
            | DatumKind::Date(_)
            | DatumKind::Time(_)
            | DatumKind::DateTime(_) => {
                let k = self.constant(Constant::Quoted(datum.clone()), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span)
            }
            other => {
                return Err(CompileError::new(
                    format!("{} is not compiled yet", describe(other)),
                    span,
                ))
            }
        };
        Ok(())
    }

    fn symbol(&mut self, name: &str, dest: Reg, span: Span) -> Result<()> {
        if name == "$ns" {
            return self.current_namespace(dest, span);
        }
        // The reference's stopwatch: each read of these runs the clock, so it is a call of
        // the built-in of that name (gene-vm's stdlib/time.rs).
        if name == "$duration_start" || name == "$duration" {
            let mark = self.reg_mark();
            let base = self.call_base(dest, span)?;
            let slot = self.global_slot(name, span)?;
            self.emit(Instr::GetGlobal { a: base, slot }, span);
            let argc = Count(0);
            self.emit(Instr::Call { func: base, argc }, span);
            if base != dest {
                self.emit(Instr::Move { a: dest, b: base }, span);
            }
            self.free_to(mark);
            return Ok(());
        }
        if name.ends_with("...") {
            return Err(CompileError::new(
                format!(
                    "`{name}` spreads a collection, which it can do only among the items of an \
                     array, a built gene or a call's arguments"
                ),
                span,
            ));
        }
        let resolved = self.resolve(name, span)?;
        self.load_resolved(resolved, dest, span);
        Ok(())
    }

    fn gene(&mut self, gene: &Gene, dest: Reg, tail: bool, span: Span) -> Result<()> {
        // `` (`a == `b) `` still compares: an infix form is an expression first.
        if Self::is_built_gene(gene)
            && (gene.frozen || super::infix::infix_operator(gene).is_none())
        {
            return self.build_gene(gene, dest, span);
        }
        if let Some(first) = gene.children.first() {
            let rest = &gene.children[1..];
            match &first.kind {
                DatumKind::Symbol(name) if name == "./" && gene.props.is_empty() => {
                    return self.select_call(&gene.head, rest, dest, span);
                }
                DatumKind::Symbol(name) if name.len() > 2 && name.starts_with(".@") => {
                    let shorthand = [name[1..].to_string()];
                    return self.selector_method(&gene.head, &shorthand, rest, dest, span);
                }
                // `./` reads as the path `.` then nothing.
                DatumKind::ComplexSymbol(parts) if is_select(parts) && gene.props.is_empty() => {
                    return self.select_call(&gene.head, rest, dest, span);
                }
                DatumKind::ComplexSymbol(parts) if parts[0] == "." && gene.props.is_empty() => {
                    return self.select_path(&gene.head, parts, rest, dest, span);
                }
                DatumKind::ComplexSymbol(parts) if parts[0].starts_with(".@") => {
                    let mut shorthand = parts.clone();
                    shorthand[0] = shorthand[0][1..].to_string();
                    return self.selector_method(&gene.head, &shorthand, rest, dest, span);
                }
                _ => {}
            }
        }
        if let DatumKind::ComplexSymbol(parts) = &gene.head.kind {
            if let (true, [target, rest @ ..]) = (is_select(parts), gene.children.as_slice()) {
                return self.select_call(target, rest, dest, span);
            }
        }
        // `(import * from "x")` is data, not `import` times `from`.
        if gene.head.as_symbol() == Some("import") {
            return self.import_form(gene, dest, span);
        }
        if gene.head.as_symbol() == Some("export") {
            return self.export_form(gene, dest, span);
        }
        // `(@ * name)` is a selector, not `@` times `name`.
        if gene.head.as_symbol() == Some("@") {
            return self.selector_form(&gene.children, dest, span);
        }
        if let Some(op) = super::infix::infix_operator(gene) {
            return self.infix(gene, op, dest, span);
        }
        if let Some(error) = super::infix::misused_operator(gene) {
            return Err(error);
        }
        if gene.head.as_symbol() == Some("super") {
            return self.super_call(&gene.children, dest, span);
        }
        if let [first, rest @ ..] = gene.children.as_slice() {
            match first.as_symbol() {
                Some("..") if rest.len() == 1 && gene.props.is_empty() => {
                    return self.range(&gene.head, &rest[0], dest, span);
                }
                Some("->") if gene.props.is_empty() => {
                    if let Some(param) = gene.head.as_symbol() {
                        return self.block_function(
                            Some((param, gene.head.span)),
                            rest,
                            dest,
                            span,
                        );
                    }
                }
                Some("?") if gene.props.is_empty() => {
                    return self.try_unwrap(&gene.head, rest, dest, span);
                }
                Some(method) if method.len() > 1 && method.starts_with('.') => {
                    return self.method_call(
                        &gene.head,
                        &method[1..],
                        rest,
                        &gene.props,
                        dest,
                        span,
                    );
                }
                _ => {}
            }
        }
        if let Some(head) = gene.head.as_symbol() {
            let args = &gene.children;
            match head {
                "var" => return self.var(args, dest, span, false),
                "let" => return self.var(args, dest, span, true),
                "do" => return self.scoped_block(args, dest, tail, span),
                "if" => return self.if_form(args, dest, tail, span),
                "ifel" => return self.ifel(args, dest, tail, span),
                "while" | "loop" | "for" | "repeat" => {
                    self.loop_label = label(gene, "name").map(|l| &*self.arena.alloc_str(l));
                    return match head {
                        "while" => self.while_loop(args, dest, span),
                        "loop" => self.loop_form(args, dest, span),
                        "for" => self.for_loop(args, dest, span),
                        _ => self.repeat(args, dest, span),
                    };
                }
                "break" => return self.break_form(args, label(gene, "from"), span),
                "continue" => {
                    if !args.is_empty() {
                        return Err(CompileError::new("`continue` takes no value", span));
                    }
                    return self.continue_form(label(gene, "from"), span);
                }
                "fn" | "fnx" => {
                    self.fn_meta = (!gene.props.is_empty()).then(|| gene.props.clone());
                    return self.function(args, dest, span);
                }
                "macro" => return self.macro_alias(args, dest, span),
                "->" => return self.block_function(None, args, dest, span),
                "return" => return self.return_form(args, span),
                "try" => return self.try_form(args, dest, span),
                "async" => return self.async_form(args, dest, span),
                "await" => return self.await_form(args, &gene.props, dest, span),
                "enum" => return self.enum_form(gene, dest, span),
                "class" => return self.class_form(gene, dest, span),
                "ns" => return self.ns_form(gene, dest, span),
                "new" => return self.new_form(args, &gene.props, dest, span),
                "type" => return self.type_alias(args, dest, span),
                "throw" => return self.throw(args, span),
                "yield" => return self.yield_form(args, dest, span),
                "case" => return self.case(args, dest, tail, span),
                // Spec 12 removed the form; saying so beats "match is not defined".
                "match" if self.func().find_local("match").is_none() => {
                    return Err(CompileError::new(
                        "`match` has been removed: bind with `(var pattern value)`, branch with `(case ...)`",
                        span,
                    ))
                }
                "$set" => return self.set_form(args, dest, span),
                "$render" => {
                    if let [Datum {
                        kind: DatumKind::Quote(template),
                        ..
                    }] = args.as_slice()
                    {
                        return self.render(template, dest, span);
                    }
                }
                _ => {
                    if let Some(op) = super::infix::prefix_operator(head) {
                        return self.prefix(op, args, dest, span);
                    }
                }
            }
        }
        self.call(gene, dest, tail, span)
    }

    /// `(var name)` or `(var name value)`; `(var name: Type value)` ignores the type.
    /// `(let name value)` (`immutable`) binds the same way, and nothing may assign it.
    fn var(&mut self, args: &[Datum], dest: Reg, span: Span, immutable: bool) -> Result<()> {
        let unused = self.take_unused();
        if let Some(target @ (Target::Member(_) | Target::Path(..))) =
            args.first().and_then(Target::of)
        {
            // `(var /pi 3.14)` in a namespace's body, `(var geo/pi 3.14)` anywhere.
            match args.get(1..) {
                Some([value]) => self.expr(value, dest, false)?,
                Some([]) => {
                    self.emit(Instr::LoadNil { a: dest }, span);
                }
                _ => return Err(CompileError::new("`var` takes a name and one value", span)),
            }
            return self.define(target, dest, span);
        }
        if let Some(
            pattern @ Datum {
                kind: DatumKind::Array { .. } | DatumKind::Map { .. },
                ..
            },
        ) = args.first()
        {
            return self.var_pattern(pattern, &args[1..], dest, span, immutable, unused);
        }
        let form = if immutable { "let" } else { "var" };
        let Some(name) = args.first().and_then(Datum::as_symbol) else {
            // `nil`, `true`, `not_found` … are read as their values, not as names.
            if let Some(first) = args.first() {
                if matches!(
                    first.kind,
                    DatumKind::Nil | DatumKind::Void | DatumKind::Bool(_) | DatumKind::NotFound
                ) {
                    return Err(CompileError::new(
                        format!(
                            "`{}` is a literal and cannot name a variable",
                            gene_syntax::print(first)
                        ),
                        first.span,
                    ));
                }
            }
            return Err(CompileError::new(format!("`{form}` needs a name"), span));
        };
        let (name, rest) = match name.strip_suffix(':') {
            Some(name) => (name, args.get(2..).unwrap_or(&[])),
            None => (name, &args[1..]),
        };
        self.check_bindable(name, Binding::Variable, args[0].span)?;
        if rest.len() > 1 || (immutable && rest.is_empty()) {
            return Err(CompileError::new(
                format!("`{form}` takes a name and one value"),
                span,
            ));
        }
        let in_register = self.at_top_level() && !immutable && self.keeps_in_register(name);
        if self.at_top_level() && !in_register {
            match rest.first() {
                Some(value) => self.expr(value, dest, false)?,
                None => {
                    self.emit(Instr::LoadNil { a: dest }, span);
                }
            }
            let slot = self.define_global(name, span)?;
            if immutable {
                self.globals.make_immutable(slot);
            }
            self.emit(Instr::SetGlobal { a: dest, slot }, span);
            return Ok(());
        }
        // The value is compiled before the name exists, so `(var x (x + 1))` reads the outer x.
        let reg = self.alloc_reg(span)?;
        match rest.first() {
            Some(value) => self.expr(value, reg, false)?,
            None => {
                self.emit(Instr::LoadNil { a: reg }, span);
            }
        }
        if in_register {
            self.name_top_level_register(name, reg, span)?;
        } else {
            self.name_register(name, reg);
        }
        if immutable {
            self.make_last_local_immutable();
        }
        if !unused {
            self.emit(Instr::Move { a: dest, b: reg }, span);
        }
        Ok(())
    }

    /// `(if c [then] a… [elif c2 [then] b…]… [else d…])`.
    fn if_form(&mut self, args: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        let unused = self.take_unused();
        self.if_chain(args, dest, tail, span, !unused)
    }

    fn if_chain(
        &mut self,
        args: &[Datum],
        dest: Reg,
        tail: bool,
        span: Span,
        keep: bool,
    ) -> Result<()> {
        let Some((condition, rest)) = args.split_first() else {
            return Err(CompileError::new("`if` needs a condition", span));
        };
        let rest = match rest.first().and_then(Datum::as_symbol) {
            Some("then") => &rest[1..],
            _ => rest,
        };
        let branch_end = rest
            .iter()
            .position(|d| matches!(d.as_symbol(), Some("elif" | "else")))
            .unwrap_or(rest.len());
        self.lint_if_without_else(&rest[..branch_end], branch_end < rest.len());
        let skip = self.jump_unless(condition)?;
        self.scoped_block_with(&rest[..branch_end], dest, tail, span, keep)?;
        let after = &rest[branch_end..];
        // In tail position a branch returns at once instead of jumping to the return.
        let returns = tail && self.functions.len() > 1;
        // With nothing for false, the code after the branch is where both ways go on.
        let nothing_else = after.is_empty() && !keep;
        let done = if returns {
            self.emit_return(dest, span)?;
            None
        } else if nothing_else {
            None
        } else {
            Some(self.emit_forward_jump(span))
        };
        self.patch_exits(&skip, span)?;
        match after.first().and_then(Datum::as_symbol) {
            None => {
                if keep {
                    self.emit(Instr::LoadNil { a: dest }, span);
                }
            }
            Some("elif") => self.if_chain(&after[1..], dest, tail, span, keep)?,
            Some(_) => self.scoped_block_with(&after[1..], dest, tail, span, keep)?,
        }
        match done {
            Some(done) => self.patch_jump(done, span),
            None => Ok(()),
        }
    }

    /// `(ifel c a b)`.
    fn ifel(&mut self, args: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        let (condition, yes, no) = match args {
            [condition, yes, no] => (condition, yes, Some(no)),
            [condition, yes] => (condition, yes, None),
            _ => {
                return Err(CompileError::new(
                    "`ifel` takes a condition, a value and optionally a value for false",
                    span,
                ))
            }
        };
        let skip = self.jump_unless(condition)?;
        self.expr(yes, dest, tail)?;
        let done = self.emit_forward_jump(span);
        self.patch_exits(&skip, span)?;
        match no {
            Some(no) => self.expr(no, dest, tail)?,
            None => {
                self.emit(Instr::LoadNil { a: dest }, span);
            }
        }
        self.patch_jump(done, span)
    }

    /// `(form)` or `(form value)` ending in `make(value)`: `return` and `throw` (nil when the
    /// value is left out).
    pub(super) fn with_optional_value(
        &mut self,
        args: &[Datum],
        form: &str,
        span: Span,
        make: impl FnOnce(Reg) -> Instr,
    ) -> Result<()> {
        let mark = self.reg_mark();
        let value = match args {
            [] => {
                let reg = self.alloc_reg(span)?;
                self.emit(Instr::LoadNil { a: reg }, span);
                reg
            }
            [value] => self.operand(value)?,
            _ => {
                return Err(CompileError::new(
                    format!("`{form}` takes at most one value"),
                    span,
                ))
            }
        };
        self.emit(make(value), span);
        self.free_to(mark);
        Ok(())
    }

    /// `(f args…)`: the callee and its arguments go in consecutive registers.
    fn call(&mut self, gene: &Gene, dest: Reg, tail: bool, span: Span) -> Result<()> {
        let unused = self.take_unused();
        // A literal with nothing to apply to is its own value: `(9007199254740993)`.
        if gene.children.is_empty()
            && gene.props.is_empty()
            && matches!(
                gene.head.kind,
                DatumKind::Int(_) | DatumKind::Float(_) | DatumKind::Str(_) | DatumKind::Char(_)
            )
        {
            return self.expr(&gene.head, dest, false);
        }
        let macro_call = calls_a_macro(gene);
        if !macro_call && super::spread::has_spread(&gene.children) {
            let call = super::spread::SpreadCall {
                callee: &gene.head,
                kind: super::spread::CallKind::Function,
                args: &gene.children,
                keywords: &gene.props,
            };
            return self.spread_call(call, dest, unused, span);
        }
        let argc = u8::try_from(gene.children.len())
            .map_err(|_| CompileError::new("too many arguments", span))?;
        let mark = self.reg_mark();
        let base = self.call_base(dest, span)?;
        let calls_itself = gene.props.is_empty()
            && gene.head.as_symbol().is_some_and(|name| {
                let func = self.functions.last().expect("open");
                func.self_name.as_deref() == Some(name)
                    && !func.locals.iter().any(|l| l.name == name)
            });
        if !calls_itself {
            self.expr(&gene.head, base, false)?;
        }
        // A function whose name ends in `!` is a macro: it gets its arguments as data.
        let is_macro = calls_a_macro(gene);
        let in_function = self.functions.len() > 1;
        // Variables passed as they are to a call that is not a tail call are read in place
        // by `CallWith`, which copies them into the window itself: nothing is evaluated
        // between the arguments, so the order is kept. Worth it when one is a variable.
        let in_place = if !is_macro
            && gene.props.is_empty()
            && !(tail && in_function)
            && (1..=3).contains(&gene.children.len())
        {
            self.in_place_arguments(&gene.children)?
        } else {
            None
        };
        let mut operands = [base; 3];
        for (k, arg) in gene.children.iter().enumerate() {
            let reg = self.alloc_reg(arg.span)?;
            match in_place.as_ref().map(|how| how[k]) {
                Some(how) => operands[k] = self.place_argument(how, arg, reg)?,
                None if is_macro => self.quote(arg, reg, arg.span)?,
                None => self.expr(arg, reg, false)?,
            }
        }
        let (func, argc) = (base, Count(argc));
        let [a, b, c] = operands;
        let instr = if in_place.is_some() {
            match calls_itself {
                true => Instr::CallSelfWith {
                    func,
                    argc,
                    a,
                    b,
                    c,
                },
                false => Instr::CallWith {
                    func,
                    argc,
                    a,
                    b,
                    c,
                },
            }
        } else if is_macro && gene.props.is_empty() {
            // The caller's variables go along, for `$caller_eval` in the macro.
            let env = self.alloc_reg(span)?;
            self.make_env(env, span)?;
            Instr::CallMacro { func, argc }
        } else if !gene.props.is_empty() {
            // Props are keyword arguments, passed as one map after the positional ones.
            let keywords = self.alloc_reg(span)?;
            self.map_literal(&gene.props, keywords, span)?;
            Instr::CallKw { func, argc }
        } else {
            match (calls_itself, tail && in_function) {
                (true, true) => Instr::TailCallSelf { func, argc },
                (false, true) => Instr::TailCall { func, argc },
                (true, false) => Instr::CallSelf { func, argc },
                (false, false) => Instr::Call { func, argc },
            }
        };
        self.emit(instr, span);
        self.finish_call(base, dest, unused, mark, span);
        Ok(())
    }
}

impl Compiler<'_, '_> {
    /// How `CallWith` takes each argument, when every one is a literal or a variable and
    /// one at least a variable.
    fn in_place_arguments(&mut self, args: &[Datum]) -> Result<Option<Vec<InPlace>>> {
        let mut taken = Vec::with_capacity(args.len());
        for arg in args {
            match self.in_place(arg)? {
                Some(how) => taken.push(how),
                None => return Ok(None),
            }
        }
        let variables = taken.iter().any(|how| matches!(how, InPlace::Variable(_)));
        Ok(variables.then_some(taken))
    }

    /// `(enum Name member…)`: the members are data for `$define_enum`, which makes the enum;
    /// the name is bound like a `var`.
    fn enum_form(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        let Some((head, members)) = gene.children.split_first() else {
            return Err(CompileError::new("`enum` needs a name", span));
        };
        let Some(full_name) = head.as_symbol() else {
            return Err(CompileError::new("an enum's name is a symbol", head.span));
        };
        let name = full_name.split(':').next().unwrap_or(full_name);
        self.check_bindable(name, Binding::Enum, head.span)?;
        let mark = self.reg_mark();
        let target = if self.at_top_level() {
            dest
        } else {
            self.declare_local(name, span)?
        };
        let base = self.alloc_reg(span)?;
        let slot = self.global_slot("$define_enum", span)?;
        self.emit(Instr::GetGlobal { a: base, slot }, span);
        let head_reg = self.alloc_reg(head.span)?;
        self.quote(head, head_reg, head.span)?;
        let props = self.alloc_reg(span)?;
        if gene.props.is_empty() {
            self.emit(Instr::LoadNil { a: props }, span);
        } else {
            let datum = Datum::new(
                DatumKind::Map {
                    props: Box::new(gene.props.clone()),
                    frozen: false,
                },
                span,
            );
            self.quote(&datum, props, span)?;
        }
        for member in members {
            let reg = self.alloc_reg(member.span)?;
            self.quote(member, reg, member.span)?;
        }
        let argc = u8::try_from(members.len() + 2)
            .map_err(|_| CompileError::new("too many enum members", span))?;
        self.emit(
            Instr::Call {
                func: base,
                argc: Count(argc),
            },
            span,
        );
        self.emit(Instr::Move { a: target, b: base }, span);
        if self.at_top_level() {
            let slot = self.define_global(name, head.span)?;
            self.emit(Instr::SetGlobal { a: target, slot }, span);
        } else if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark.max(u16::from(target.0) + 1));
        Ok(())
    }

    /// `(a .. b)`: an inclusive range.
    fn range(&mut self, start: &Datum, end: &Datum, dest: Reg, span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let b = self.operand(start)?;
        let c = self.operand(end)?;
        self.emit(Instr::NewRange { a: dest, b, c }, span);
        self.free_to(mark);
        Ok(())
    }
}

/// A loop form's `^name label` or a `break`'s `^from label`.
/// Whether a path is `./`, the selector call.
fn is_select(parts: &[String]) -> bool {
    matches!(parts, [dot, empty] if dot == "." && empty.is_empty())
}

fn label<'g>(gene: &'g Gene, prop: &str) -> Option<&'g str> {
    gene.props.get(prop).and_then(Datum::as_symbol)
}

fn describe(kind: &DatumKind) -> &'static str {
    match kind {
        DatumKind::NotFound => "`not_found`",
        DatumKind::Char(_) => "a character literal",
        DatumKind::Interp(_) => "string interpolation",
        DatumKind::ComplexSymbol(_) => "a path such as `a/b`",
        DatumKind::Array { .. } => "an array literal",
        DatumKind::Map { .. } => "a map literal",
        DatumKind::Quote(_) => "quoting",
        DatumKind::Unquote { .. } => "unquoting",
        DatumKind::Regex(_) => "a regex literal",
        DatumKind::Bytes(_) => "a bytes literal",
        DatumKind::Date(_) | DatumKind::Time(_) | DatumKind::DateTime(_) => "a date or time",
        _ => "this form",
    }
}

/// A function whose name ends in `!` is a macro: it gets its arguments as data, unevaluated.
pub(super) fn calls_a_macro(gene: &Gene) -> bool {
    gene.head
        .as_symbol()
        .is_some_and(|name| name.len() > 1 && name.ends_with('!'))
}
