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

pub(crate) fn type_name(vm: &Vm, value: Value) -> &'static str {
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
            Some(ObjectKind::Temporal) => {
                match vm
                    .heap
                    .downcast::<crate::heap::Temporal>(value)
                    .expect("kind")
                    .get(&vm.heap)
                    .0
                    .kind
                {
                    gene_syntax::DatumKind::Date(_) => "Date",
                    gene_syntax::DatumKind::Time(_) => "Time",
                    _ => "DateTime",
                }
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
    write_object_contents(vm, value, style, out);
    PRINTING.with(|stack| stack.borrow_mut().pop());
}

fn write_object_contents(vm: &Vm, value: Value, style: Style, out: &mut String) {
    let heap = &vm.heap;
    match heap.kind_of(value) {
        Some(ObjectKind::Str) => {
            let text = &heap.downcast::<Str>(value).expect("kind").get(heap).0;
            match style {
                Style::Top => out.push_str(text),
                Style::Nested => {
                    let _ = gene_syntax::print::write_string_literal(out, text);
                }
            }
        }
        Some(ObjectKind::BigInt) => {
            let n = heap.downcast::<BigInt>(value).expect("kind").get(heap).0;
            let _ = write!(out, "{n}");
        }
        Some(ObjectKind::Array) => {
            let items = &heap.downcast::<Array>(value).expect("kind").get(heap).0;
            if heap.is_frozen(value) {
                out.push('#');
            }
            out.push('[');
            write_spaced(vm, items, style, out);
            out.push(']');
        }
        Some(ObjectKind::Map) => {
            let map = &heap.downcast::<Map>(value).expect("kind").get(heap).0;
            if heap.is_frozen(value) {
                out.push('#');
            }
            out.push('{');
            write_props(vm, map, style, out);
            out.push('}');
        }
        Some(ObjectKind::Gene) => {
            let gene = heap.downcast::<Gene>(value).expect("kind").get(heap);
            if heap.is_frozen(value) {
                out.push('#');
            }
            out.push('(');
            write_value(vm, gene.head, Style::Nested, out);
            if !gene.props.is_empty() {
                out.push(' ');
                write_props(vm, &gene.props, Style::Nested, out);
            }
            if !gene.children.is_empty() {
                out.push(' ');
                write_spaced(vm, &gene.children, Style::Nested, out);
            }
            out.push(')');
        }
        Some(ObjectKind::Range) => {
            let range = heap.downcast::<Range>(value).expect("kind").get(heap);
            write_value(vm, range.start, style, out);
            out.push_str("..");
            write_value(vm, range.end, style, out);
            if range.step.as_small_int() != Some(1) {
                out.push_str(" step ");
                write_value(vm, range.step, style, out);
            }
        }
        Some(ObjectKind::Closure) => {
            let name = &heap
                .downcast::<Closure>(value)
                .expect("kind")
                .get(heap)
                .function
                .get(heap)
                .proto
                .name;
            if name.starts_with('<') {
                out.push_str("<fn>");
            } else {
                let _ = write!(out, "<fn {name}>");
            }
        }
        Some(ObjectKind::Native) => {
            let name = &heap.downcast::<Native>(value).expect("kind").get(heap).name;
            let _ = write!(out, "<fn {name}>");
        }
        Some(ObjectKind::Unquote) => {
            let unquote = heap.downcast::<Unquote>(value).expect("kind").get(heap);
            out.push_str(if unquote.discard { "%_" } else { "%" });
            write_value(vm, unquote.value, Style::Nested, out);
        }
        Some(ObjectKind::Env) => out.push_str("<env>"),
        Some(ObjectKind::Function) => out.push_str("<function proto>"),
        Some(ObjectKind::Module) => out.push_str("<module>"),
        Some(ObjectKind::Enum) => {
            let e = heap
                .downcast::<crate::heap::Enum>(value)
                .expect("kind")
                .get(heap);
            let _ = write!(out, "<enum {}>", vm.symbols.name(e.name));
        }
        Some(ObjectKind::Variant) => {
            let v = heap
                .downcast::<crate::heap::Variant>(value)
                .expect("kind")
                .get(heap);
            let _ = write!(
                out,
                "{}/{}",
                vm.symbols.name(v.enum_name),
                vm.symbols.name(v.name)
            );
        }
        Some(ObjectKind::EnumValue) => {
            let v = heap
                .downcast::<crate::heap::EnumValue>(value)
                .expect("kind")
                .get(heap);
            let qualified = format!(
                "{}/{}",
                vm.symbols.name(v.enum_name),
                vm.symbols.name(v.name)
            );
            if v.variant.is_nil() {
                out.push_str(&qualified);
            } else {
                out.push('(');
                out.push_str(&qualified);
                for &item in &v.payload {
                    out.push(' ');
                    write_value(vm, item, Style::Nested, out);
                }
                out.push(')');
            }
        }
        Some(ObjectKind::Bytes) => {
            out.push_str("0#");
            for byte in &heap
                .downcast::<crate::heap::Bytes>(value)
                .expect("kind")
                .get(heap)
                .0
            {
                let _ = write!(out, "{byte:02x}");
            }
        }
        Some(ObjectKind::Temporal) => {
            let datum = &heap
                .downcast::<crate::heap::Temporal>(value)
                .expect("kind")
                .get(heap)
                .0;
            out.push_str(&gene_syntax::print(datum));
        }
        Some(ObjectKind::Regex) => {
            let regex = heap
                .downcast::<crate::heap::Regex>(value)
                .expect("kind")
                .get(heap);
            out.push_str(&gene_syntax::print(&regex.literal));
        }
        Some(ObjectKind::Class) => {
            let class = heap.downcast::<crate::heap::Class>(value).expect("kind");
            out.push_str("<class ");
            out.push_str(vm.symbols.name(class.get(heap).name));
            out.push('>');
        }
        Some(ObjectKind::Exception) => {
            let exception = heap
                .downcast::<crate::heap::Exception>(value)
                .expect("kind")
                .get(heap);
            out.push('<');
            match heap.downcast::<crate::heap::Class>(exception.class) {
                Some(class) => out.push_str(vm.symbols.name(class.get(heap).name)),
                None => out.push_str("Exception"),
            }
            out.push_str(" ^message ");
            write_value(vm, exception.message, Style::Nested, out);
            if exception.cause != Value::NIL {
                out.push_str(" ^cause ");
                write_value(vm, exception.cause, Style::Nested, out);
            }
            out.push('>');
        }
        Some(ObjectKind::Upvalue) | None => out.push_str("<invalid>"),
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
