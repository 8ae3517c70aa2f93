//! `Destructure`: one level of a destructuring pattern (spec 12) applied to a value.
//!
//! The compiler (`gene_compiler::emit::destructure`) describes the level by a shape
//! constant, `[kinds names optional others]`: the positional elements (0 required, 1
//! optional, 2 the rest), the property names and whether each may be missing, and what
//! becomes of the properties not named (0 refused, 1 ignored, 2 collected into a map). The
//! handler checks the value fits and writes the parts; binding them, defaults and nested
//! levels are ordinary code around it.
//!
//! Items are filled as a parameter list fills from arguments: the required elements first,
//! then the optional ones from the left as far as items remain, and the rest takes the
//! others, wherever it stands.

use crate::heap::{Gene, ObjectKind, PropMap};
use crate::print::{display, Style};
use crate::runtime::errors::ErrorKind;
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

const REQUIRED: i64 = 0;
const OPTIONAL: i64 = 1;
const REST: i64 = 2;
const OTHERS_REFUSED: i64 = 0;
const OTHERS_COLLECTED: i64 = 2;

/// A part before it is a value: the rest's items and the other properties are made into
/// an array and a map once the checks are done.
enum Part {
    Value(Value),
    Items(Vec<Value>),
    Props(PropMap),
}

/// The shape constant, read.
struct Shape {
    kinds: Vec<i64>,
    names: Vec<(SymbolId, bool)>,
    others: i64,
}

impl Vm {
    /// Takes `value` apart by `shape` into the `count` registers from the absolute register
    /// `out`.
    pub(crate) fn destructure(
        &mut self,
        value: Value,
        shape: Value,
        out: usize,
        count: usize,
    ) -> Result<(), VmError> {
        let shape = self.read_shape(shape)?;
        let parts = self.destructure_parts(value, &shape)?;
        let mut values = Vec::with_capacity(parts.len());
        // Allocation never collects, so the values made here need no rooting.
        for part in parts {
            values.push(match part {
                Part::Value(v) => v,
                Part::Items(items) => self.new_array(items)?,
                Part::Props(props) => self.new_map(props)?,
            });
        }
        let Some(target) = self.registers.get_mut(out..out + count.min(values.len())) else {
            return Err(VmError::new("a pattern's parts run past the registers"));
        };
        target.copy_from_slice(&values[..target.len()]);
        Ok(())
    }

    fn read_shape(&self, shape: Value) -> Result<Shape, VmError> {
        let bad = || VmError::new("a destructuring pattern's shape is malformed");
        let parts = self.array_items(shape).ok_or_else(bad)?;
        let [kinds, names, optional, others] = parts.as_slice() else {
            return Err(bad());
        };
        let ints = |v: Value| -> Result<Vec<i64>, VmError> {
            let items = self.array_items(v).ok_or_else(bad)?;
            items
                .iter()
                .map(|i| i.as_small_int().ok_or_else(bad))
                .collect()
        };
        let flags = ints(*optional)?;
        let names = self
            .array_items(*names)
            .ok_or_else(bad)?
            .iter()
            .zip(flags.iter().chain(std::iter::repeat(&0)))
            .map(|(n, &flag)| Ok((n.as_symbol().ok_or_else(bad)?, flag != 0)))
            .collect::<Result<Vec<_>, VmError>>()?;
        Ok(Shape {
            kinds: ints(*kinds)?,
            names,
            others: others.as_small_int().ok_or_else(bad)?,
        })
    }

    fn destructure_parts(&self, value: Value, shape: &Shape) -> Result<Vec<Part>, VmError> {
        let empty = PropMap::default();
        let kind = self.heap.kind_of(value);
        let (items, props): (&[Value], Option<&PropMap>) = match kind {
            Some(ObjectKind::Array) => (self.array_items(value).expect("an array"), None),
            Some(ObjectKind::Gene) => {
                let gene = self.heap.downcast::<Gene>(value).expect("a gene");
                let gene = gene.get(&self.heap);
                (&gene.children, Some(&gene.props))
            }
            Some(ObjectKind::Map) => (&[], self.map_entries(value)),
            _ if shape.kinds.is_empty() && shape.others != OTHERS_REFUSED => {
                return self.member_parts(value, shape)
            }
            _ => (&[], None),
        };
        // Properties first: `[^a]` on `[1]` says the property is missing.
        for &(name, optional) in &shape.names {
            if !optional && !props.is_some_and(|p| p.contains_key(&name)) {
                return Err(self.mismatch(
                    value,
                    &format!("with the property ^{}", self.symbols.name(name)),
                ));
            }
        }
        let required = shape.kinds.iter().filter(|&&k| k == REQUIRED).count();
        let optional = shape.kinds.iter().filter(|&&k| k == OPTIONAL).count();
        let rest = shape.kinds.contains(&REST);
        let n = items.len();
        if n < required || (!rest && n > required + optional) {
            return Err(self.items_mismatch(value, required, optional, rest));
        }
        let props = props.unwrap_or(&empty);
        if shape.others == OTHERS_REFUSED {
            if let Some(other) = props
                .keys()
                .find(|k| !shape.names.iter().any(|n| n.0 == **k))
            {
                return Err(self.props_mismatch(value, shape, *other));
            }
        }
        let fill = (n - required).min(optional);
        let rest_len = n - required - fill;
        let mut parts = Vec::with_capacity(shape.kinds.len() + shape.names.len() + 1);
        let (mut at, mut optionals) = (0, 0);
        for &kind in &shape.kinds {
            parts.push(match kind {
                REST => {
                    at += rest_len;
                    Part::Items(items[at - rest_len..at].to_vec())
                }
                OPTIONAL if optionals >= fill => {
                    optionals += 1;
                    Part::Value(Value::UNDEFINED)
                }
                _ => {
                    optionals += usize::from(kind == OPTIONAL);
                    at += 1;
                    Part::Value(items[at - 1])
                }
            });
        }
        for &(name, _) in &shape.names {
            let found = props.get(&name).copied();
            parts.push(Part::Value(found.unwrap_or(Value::UNDEFINED)));
        }
        if shape.others == OTHERS_COLLECTED {
            let mut others = props.clone();
            others.retain(|k, _| !shape.names.iter().any(|n| n.0 == *k));
            parts.push(Part::Props(others));
        }
        Ok(parts)
    }

    /// A map pattern on a value that is neither a gene nor a map: an instance's or a
    /// namespace's members, read as `obj/name` reads them.
    fn member_parts(&self, value: Value, shape: &Shape) -> Result<Vec<Part>, VmError> {
        let readable = matches!(
            self.heap.kind_of(value),
            Some(ObjectKind::Instance | ObjectKind::Namespace | ObjectKind::Class)
        );
        let mut parts = Vec::with_capacity(shape.names.len());
        for &(name, optional) in &shape.names {
            let found = if readable {
                self.select_member(value, name)?
            } else {
                Value::VOID
            };
            if found == Value::VOID && !optional {
                return Err(self.mismatch(
                    value,
                    &format!("with the property ^{}", self.symbols.name(name)),
                ));
            }
            parts.push(Part::Value(found));
        }
        Ok(parts)
    }

    /// `expected a gene with …, got (p 1)`: what the pattern needs of the value.
    fn mismatch(&self, value: Value, needs: &str) -> VmError {
        let noun = match self.heap.kind_of(value) {
            Some(ObjectKind::Gene) => "a gene",
            Some(ObjectKind::Map) => "a map",
            Some(ObjectKind::Instance) => "an object",
            _ => "a gene or a map",
        };
        self.expected(&format!("{noun} {needs}"), value)
    }

    fn items_mismatch(
        &self,
        value: Value,
        required: usize,
        optional: usize,
        rest: bool,
    ) -> VmError {
        let gene = self.heap.kind_of(value) == Some(ObjectKind::Gene);
        let (one, many) = if gene {
            ("child", "children")
        } else {
            ("item", "items")
        };
        let count = |n: usize| format!("{n} {}", if n == 1 { one } else { many });
        let how_many = if rest {
            format!("at least {}", count(required))
        } else if optional > 0 {
            format!("{required} to {}", count(required + optional))
        } else {
            count(required)
        };
        let what = if gene {
            format!("a gene with {how_many}")
        } else {
            format!("an array of {how_many}")
        };
        self.expected(&what, value)
    }

    fn props_mismatch(&self, value: Value, shape: &Shape, other: SymbolId) -> VmError {
        let noun = match self.heap.kind_of(value) {
            Some(ObjectKind::Map) => "a map",
            _ => "a gene",
        };
        let what = if shape.names.is_empty() {
            format!("{noun} without properties")
        } else {
            let names: Vec<String> = shape
                .names
                .iter()
                .map(|(n, _)| format!("^{}", self.symbols.name(*n)))
                .collect();
            format!("{noun} with no properties but {}", names.join(" "))
        };
        let other = self.symbols.name(other);
        self.expected(&format!("{what} (^{other} is not taken)"), value)
    }

    fn expected(&self, what: &str, value: Value) -> VmError {
        let mut shown = display(self, value, Style::Nested);
        // A large value would bury the message.
        if shown.chars().count() > 60 {
            shown = shown.chars().take(57).collect::<String>() + "…";
        }
        VmError::of(ErrorKind::Type, format!("expected {what}, got {shown}"))
    }
}
