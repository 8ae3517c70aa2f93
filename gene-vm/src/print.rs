//! How values print: `println` shows strings bare at the top level and quoted inside
//! collections and genes, floats in the reference's layout, and so on.

use gene_syntax::format_float;

use crate::heap::{Array, BigInt, Closure, Native, ObjectKind, Str};
use crate::value::{Value, ValueView};
use crate::vm::Vm;

/// Where a value is printed: strings and characters are bare at the top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Top,
    Nested,
}

pub fn type_name(vm: &Vm, value: Value) -> &'static str {
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
            Some(ObjectKind::Str) => "String",
            Some(ObjectKind::BigInt) => "Int",
            Some(ObjectKind::Array) => "Array",
            Some(ObjectKind::Closure) | Some(ObjectKind::Native) => "Function",
            None => "Invalid",
        },
    }
}

pub fn display(vm: &Vm, value: Value, style: Style) -> String {
    let mut out = String::new();
    write_value(vm, value, style, &mut out);
    out
}

fn write_value(vm: &Vm, value: Value, style: Style, out: &mut String) {
    use std::fmt::Write;
    match value.view() {
        ValueView::Nil => out.push_str("nil"),
        ValueView::Void => out.push_str("void"),
        ValueView::NotFound => out.push_str("not_found"),
        ValueView::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        ValueView::Int(n) => {
            let _ = write!(out, "{n}");
        }
        ValueView::Float(x) => out.push_str(&format_float(x)),
        ValueView::Char(c) => match style {
            Style::Top => out.push(c),
            Style::Nested => {
                let _ = gene_syntax::print::write_char_literal(out, c);
            }
        },
        ValueView::Symbol(id) => {
            let _ = write!(out, "<symbol {}>", id.0);
        }
        ValueView::Invalid(bits) => {
            let _ = write!(out, "<invalid {bits:#x}>");
        }
        ValueView::Object(_) => {
            if let Some(s) = vm.heap.downcast::<Str>(value) {
                let text = &s.get(&vm.heap).0;
                match style {
                    Style::Top => out.push_str(text),
                    Style::Nested => {
                        let _ = gene_syntax::print::write_string_literal(out, text);
                    }
                }
            } else if let Some(big) = vm.heap.downcast::<BigInt>(value) {
                let _ = write!(out, "{}", big.get(&vm.heap).0);
            } else if let Some(array) = vm.heap.downcast::<Array>(value) {
                out.push('[');
                for (index, item) in array.get(&vm.heap).0.iter().enumerate() {
                    if index > 0 {
                        out.push(' ');
                    }
                    write_value(vm, *item, Style::Top, out);
                }
                out.push(']');
            } else if let Some(closure) = vm.heap.downcast::<Closure>(value) {
                let _ = write!(out, "<fn {}>", closure.get(&vm.heap).function.proto.name);
            } else if let Some(native) = vm.heap.downcast::<Native>(value) {
                let _ = write!(out, "<fn {}>", native.get(&vm.heap).name);
            }
        }
    }
}
