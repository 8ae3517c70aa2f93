//! How values print: `println` shows strings bare at the top level and inside arrays and
//! maps, but quoted inside genes (so a printed gene reads back); floats in the reference's
//! layout; functions as `<fn NAME>`.

use std::fmt::Write;

use gene_syntax::format_float;

use crate::heap::{
    Array, BigInt, Closure, Gene, Map, Native, ObjectKind, PropMap, Range, Str, Unquote,
};
use crate::value::{Value, ValueView};
use crate::vm::Vm;

/// Where a value is printed: strings and characters are bare at the top level (and in the
/// arrays and maps printed there), quoted inside genes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Top,
    Nested,
}

/// The name of the value's type: its class's (`Int`, `Point`).
pub(crate) fn type_name(vm: &Vm, value: Value) -> &str {
    match value.view() {
        ValueView::Nil => "Nil",
        ValueView::Void => "Void",
        ValueView::NotFound => "NotFound",
        ValueView::Bool(_) => "Bool",
        ValueView::Int(_) => "Int",
        ValueView::Float(_) => "Float",
        ValueView::Char(_) => "Char",
        ValueView::Symbol(_) => "Symbol",
        ValueView::Invalid(_) => "Invalid",
        ValueView::Object(_) => match vm.heap.kind_of(value) {
            // Named after what it walks, as the reference names them (`RangeIterator`).
            Some(ObjectKind::Iterator) => {
                let iterator = vm
                    .heap
                    .downcast::<crate::stdlib::iterator::Iterator>(value)
                    .expect("kind");
                match vm.heap.kind_of(iterator.get(&vm.heap).source) {
                    Some(ObjectKind::Range) => "RangeIterator",
                    Some(ObjectKind::Array) => "ArrayIterator",
                    Some(ObjectKind::Map) => "MapIterator",
                    _ => "Iterator",
                }
            }
            Some(ObjectKind::Instance) => {
                let instance = vm
                    .heap
                    .downcast::<crate::runtime::class::Instance>(value)
                    .expect("kind");
                vm.symbols
                    .name(instance.get(&vm.heap).class.get(&vm.heap).name)
            }
            // The one table of kinds (heap/object.rs) names the rest.
            Some(kind) => kind.type_name(),
            None => "Invalid",
        },
    }
}

pub(crate) fn display(vm: &Vm, value: Value, style: Style) -> String {
    let mut out = String::new();
    write_value(vm, value, style, &mut out);
    out
}

/// Appends `value` as `display` would print it.
pub(crate) fn write_value(vm: &Vm, value: Value, style: Style, out: &mut String) {
    match value.view() {
        ValueView::Nil => out.push_str("nil"),
        ValueView::Void => out.push_str("void"),
        ValueView::NotFound => out.push_str("not_found"),
        ValueView::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        ValueView::Int(n) => write_int(n, out),
        ValueView::Float(x) => out.push_str(&format_float(x)),
        ValueView::Char(c) => match style {
            Style::Top => out.push(c),
            Style::Nested => {
                let _ = gene_syntax::print::write_char_literal(out, c);
            }
        },
        ValueView::Symbol(id) => out.push_str(vm.symbols.name(id)),
        ValueView::Invalid(bits) => {
            let _ = write!(out, "<invalid {bits:#x}>");
        }
        ValueView::Object(_) => write_object(vm, value, style, out),
    }
}

/// `parts` written one after another as `println` shows them, `separator` between: the
/// text of interpolation and of `.join`. Sized for the strings among the parts (and a
/// little for each other) first, so the text is not copied again each time it doubles,
/// and strings go in as they are, without the printer.
#[inline(always)]
pub(crate) fn join_display(vm: &Vm, parts: &[Value], separator: &str) -> String {
    let size = parts
        .iter()
        .map(|&part| vm.as_str(part).map_or(8, str::len))
        .sum::<usize>()
        + separator.len() * parts.len().saturating_sub(1);
    let mut text = String::with_capacity(size);
    for (index, &part) in parts.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        match vm.as_str(part) {
            Some(part) => text.push_str(part),
            None => write_value(vm, part, Style::Top, &mut text),
        }
    }
    text
}

/// Decimal digits without the formatting machinery: ints are most of what interpolation and
/// printing write.
fn write_int(n: i64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// How deeply printing follows nested collections before writing `...`.
const MAX_PRINT_DEPTH: usize = 200;

thread_local! {
    /// The collections being printed, outermost first: one met again is a cycle.
    static PRINTING: std::cell::RefCell<Vec<Value>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Writes an object, or `...` for one that contains itself (or nests past
/// `MAX_PRINT_DEPTH`), so printing always ends.
fn write_object(vm: &Vm, value: Value, style: Style, out: &mut String) {
    let enter = PRINTING.with(|stack| {
        let mut stack = stack.borrow_mut();
        if stack.len() >= MAX_PRINT_DEPTH || stack.contains(&value) {
            return false;
        }
        stack.push(value);
        true
    });
    if !enter {
        out.push_str("...");
        return;
    }
    crate::heap::show_object(vm, value, style, out);
    PRINTING.with(|stack| stack.borrow_mut().pop());
}

/// How objects of one kind print; every kind of the heap's one table of kinds
/// (`heap/object.rs`) has an implementation, which `heap::show_object` dispatches to.
pub(crate) trait Show {
    /// Writes the object, which is `value`, to `out`.
    fn show(&self, vm: &Vm, value: Value, style: Style, out: &mut String);
}

/// The `#` before a frozen literal.
fn frozen_mark(vm: &Vm, value: Value, out: &mut String) {
    if vm.heap.is_frozen(value) {
        out.push('#');
    }
}

impl Show for Str {
    fn show(&self, vm: &Vm, value: Value, style: Style, out: &mut String) {
        let text = vm.as_str(value).expect("a string value");
        match style {
            Style::Top => out.push_str(text),
            Style::Nested => {
                let _ = gene_syntax::print::write_string_literal(out, text);
            }
        }
    }
}

impl Show for BigInt {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "{}", self.0);
    }
}

impl Show for Array {
    fn show(&self, vm: &Vm, value: Value, style: Style, out: &mut String) {
        frozen_mark(vm, value, out);
        out.push('[');
        write_spaced(vm, &self.0, style, out);
        out.push(']');
    }
}

impl Show for Map {
    fn show(&self, vm: &Vm, value: Value, style: Style, out: &mut String) {
        frozen_mark(vm, value, out);
        out.push('{');
        write_props(vm, &self.0, style, out);
        out.push('}');
    }
}

impl Show for Gene {
    fn show(&self, vm: &Vm, value: Value, _: Style, out: &mut String) {
        frozen_mark(vm, value, out);
        out.push('(');
        write_value(vm, self.head, Style::Nested, out);
        if !self.props.is_empty() {
            out.push(' ');
            write_props(vm, &self.props, Style::Nested, out);
        }
        if !self.children.is_empty() {
            out.push(' ');
            write_spaced(vm, &self.children, Style::Nested, out);
        }
        out.push(')');
    }
}

/// A HashMap prints as its literal, `{{1 "one" [1 2] "pair"}}`, and a HashSet as the gene
/// `(HashSet 1 "two")`; strings inside are quoted in both, as the reference prints them.
impl Show for crate::heap::HashMapObject {
    fn show(&self, vm: &Vm, value: Value, _: Style, out: &mut String) {
        frozen_mark(vm, value, out);
        out.push_str("{{");
        for (index, &(key, item)) in self.0.entries.iter().enumerate() {
            if index > 0 {
                out.push(' ');
            }
            write_value(vm, key, Style::Nested, out);
            out.push(' ');
            write_value(vm, item, Style::Nested, out);
        }
        out.push_str("}}");
    }
}

impl Show for crate::heap::HashSetObject {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("(HashSet");
        for &(member, _) in &self.0.entries {
            out.push(' ');
            write_value(vm, member, Style::Nested, out);
        }
        out.push(')');
    }
}

/// A future prints its state, `<Future pending>`: its value may not exist yet, and printing
/// one should not depend on when it is printed more than that.
impl Show for crate::runtime::future::Future {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<Future {}>", self.state.name());
    }
}

impl Show for Range {
    fn show(&self, vm: &Vm, _: Value, style: Style, out: &mut String) {
        write_value(vm, self.start, style, out);
        out.push_str("..");
        write_value(vm, self.end, style, out);
        if self.step.as_small_int() != Some(1) {
            out.push_str(" step ");
            write_value(vm, self.step, style, out);
        }
    }
}

impl Show for Closure {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let name = &self.function.get(&vm.heap).proto.name;
        if name.starts_with('<') {
            out.push_str("<fn>");
        } else {
            let _ = write!(out, "<fn {name}>");
        }
    }
}

impl Show for Native {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<fn {}>", self.name);
    }
}

impl Show for Unquote {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(if self.discard { "%_" } else { "%" });
        write_value(vm, self.value, Style::Nested, out);
    }
}

impl Show for crate::heap::Env {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("<env>");
    }
}

impl Show for crate::function::Function {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("<function proto>");
    }
}

impl Show for crate::runtime::module::Module {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("<module>");
    }
}

impl Show for crate::heap::Upvalue {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("<upvalue>");
    }
}

impl Show for crate::heap::Enum {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<enum {}>", vm.symbols.name(self.name));
    }
}

impl Show for crate::heap::Variant {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let (enum_name, name) = (vm.symbols.name(self.enum_name), vm.symbols.name(self.name));
        let _ = write!(out, "{enum_name}/{name}");
    }
}

impl Show for crate::heap::EnumValue {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let (enum_name, name) = (vm.symbols.name(self.enum_name), vm.symbols.name(self.name));
        if self.variant.is_nil() {
            let _ = write!(out, "{enum_name}/{name}");
            return;
        }
        let _ = write!(out, "({enum_name}/{name}");
        for &item in &self.payload {
            out.push(' ');
            write_value(vm, item, Style::Nested, out);
        }
        out.push(')');
    }
}

impl Show for crate::heap::Bytes {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("0#");
        for byte in &self.0 {
            let _ = write!(out, "{byte:02x}");
        }
    }
}

impl Show for crate::heap::Regex {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&gene_syntax::print(&self.literal));
    }
}

impl Show for crate::runtime::class::Class {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<class {}>", vm.symbols.name(self.name));
    }
}

impl Show for crate::stdlib::iterator::Iterator {
    fn show(&self, vm: &Vm, value: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<{}>", type_name(vm, value));
    }
}

impl Show for crate::runtime::generator::Generator {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(
            out,
            "<generator {}>",
            self.function.get(&vm.heap).proto.name
        );
    }
}

impl Show for crate::runtime::namespace::Namespace {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let _ = write!(out, "<ns {}>", vm.symbols.name(self.name));
    }
}

impl Show for crate::runtime::class::Instance {
    /// `<Point ^x 1 ^y 2>`, the values as inside a gene.
    fn show(&self, vm: &Vm, value: Value, _: Style, out: &mut String) {
        out.push('<');
        out.push_str(vm.symbols.name(self.class.get(&vm.heap).name));
        let instance = vm
            .heap
            .downcast::<crate::runtime::class::Instance>(value)
            .expect("the value is this instance");
        for (key, item) in vm.instance_props(instance) {
            out.push_str(" ^");
            out.push_str(vm.symbols.name(key));
            out.push(' ');
            write_value(vm, item, Style::Nested, out);
        }
        out.push('>');
    }
}

fn write_spaced(vm: &Vm, items: &[Value], style: Style, out: &mut String) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        write_value(vm, *item, style, out);
    }
}

fn write_props(vm: &Vm, props: &PropMap, style: Style, out: &mut String) {
    for (index, (key, item)) in props.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push('^');
        out.push_str(vm.symbols.name(*key));
        out.push(' ');
        write_value(vm, *item, style, out);
    }
}
