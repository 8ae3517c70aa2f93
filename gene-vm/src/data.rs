//! Between data and values: quoted data in code becomes values when the code is loaded, and
//! values become data again when `$render` or `eval` has to compile them.

use gene_syntax::{Datum, DatumKind, Gene as GeneDatum, Span};

use crate::heap::{Array, Bytes, Gene, Map, PropMap, Regex, Str, Unquote};
use crate::value::{Value, ValueView};
use crate::vm::{out_of_memory, Vm, VmError};

/// How deeply data turned into code may nest: compiling follows it recursively.
const MAX_CODE_DEPTH: usize = 100;

impl Vm {
    /// The value of quoted data: symbols stay symbols, genes become gene values.
    pub(crate) fn datum_to_value(&mut self, datum: &Datum) -> Result<Value, VmError> {
        let value = self.datum_to_fresh_value(datum)?;
        let frozen = match &datum.kind {
            DatumKind::Array { frozen, .. } | DatumKind::Map { frozen, .. } => *frozen,
            DatumKind::Gene(gene) => gene.frozen,
            _ => false,
        };
        if frozen {
            self.heap.freeze(value);
        }
        Ok(value)
    }

    fn datum_to_fresh_value(&mut self, datum: &Datum) -> Result<Value, VmError> {
        Ok(match &datum.kind {
            DatumKind::Nil => Value::NIL,
            DatumKind::Void => Value::VOID,
            DatumKind::NotFound => Value::NOT_FOUND,
            DatumKind::Bool(b) => Value::bool(*b),
            DatumKind::Int(n) => self.int(*n)?,
            DatumKind::Float(x) => Value::float(*x),
            DatumKind::Char(c) => Value::char(*c),
            DatumKind::Str(text) => self.string(text.clone())?,
            DatumKind::Symbol(name) => self.symbol(name),
            DatumKind::ComplexSymbol(parts) => self.symbol(&parts.join("/")),
            DatumKind::Array { items, .. } => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.datum_to_value(item)?);
                }
                self.heap
                    .alloc(Array(values))
                    .map_err(out_of_memory)?
                    .value()
            }
            DatumKind::Map { props, .. } => {
                let map = self.props_to_map(props)?;
                self.heap.alloc(Map(map)).map_err(out_of_memory)?.value()
            }
            DatumKind::Gene(gene) => {
                let head = self.datum_to_value(&gene.head)?;
                let props = self.props_to_map(&gene.props)?;
                let mut children = Vec::with_capacity(gene.children.len());
                for child in &gene.children {
                    children.push(self.datum_to_value(child)?);
                }
                self.heap
                    .alloc(Gene {
                        head,
                        props,
                        children,
                    })
                    .map_err(out_of_memory)?
                    .value()
            }
            // A quote inside quoted data is already data: `` `(f `x) `` holds the symbol x.
            DatumKind::Quote(inner) => self.datum_to_value(inner)?,
            DatumKind::Unquote { datum, discard } => {
                let value = self.datum_to_value(datum)?;
                self.heap
                    .alloc(Unquote {
                        value,
                        discard: *discard,
                    })
                    .map_err(out_of_memory)?
                    .value()
            }
            DatumKind::Interp(_) => self.string(gene_syntax::print(datum))?,
            DatumKind::Bytes(bytes) => self
                .heap
                .alloc(Bytes(bytes.clone()))
                .map_err(out_of_memory)?
                .value(),
            DatumKind::Date(_) | DatumKind::Time(_) | DatumKind::DateTime(_) => {
                self.temporal_from_datum(&datum.kind)?
            }
            // Compiled here, once for the literal: code loads its quoted data as constants.
            DatumKind::Regex(regex) => {
                let compiled = crate::stdlib::regex::compile(regex)?;
                self.heap
                    .alloc(Regex {
                        literal: datum.clone(),
                        compiled,
                    })
                    .map_err(out_of_memory)?
                    .value()
            }
            DatumKind::HashMap { entries, frozen } => {
                // Allocation never collects, so the keys and values made so far need no
                // rooting while the next are made.
                let mut items = Vec::with_capacity(entries.len() * 2);
                for (key, value) in entries {
                    items.push(self.datum_to_value(key)?);
                    items.push(self.datum_to_value(value)?);
                }
                let map = self.new_hash_map()?;
                for pair in items.chunks(2) {
                    self.table_insert(map, pair[0], pair[1])?;
                }
                if *frozen {
                    self.heap.freeze(map);
                }
                map
            }
        })
    }

    fn props_to_map(&mut self, props: &gene_syntax::Props) -> Result<PropMap, VmError> {
        let mut map = PropMap::default();
        for (key, value) in props {
            let key = self.symbols.intern(key);
            let value = self.datum_to_value(value)?;
            map.insert(key, value);
        }
        Ok(map)
    }

    /// The symbol value named `name`.
    pub(crate) fn symbol(&mut self, name: &str) -> Value {
        Value::symbol(self.symbols.intern(name))
    }

    /// The data a value reads back as, for compiling it (`$render`'s `%(expr)`).
    pub(crate) fn value_to_datum(&self, value: Value, span: Span) -> Result<Datum, VmError> {
        self.datum_at(value, span, 0)
    }

    fn datum_at(&self, value: Value, span: Span, depth: usize) -> Result<Datum, VmError> {
        if depth > MAX_CODE_DEPTH {
            return Err(VmError::new(format!(
                "data nested more than {MAX_CODE_DEPTH} deep (or containing itself) cannot be code"
            )));
        }
        let kind = match value.view() {
            ValueView::Nil => DatumKind::Nil,
            ValueView::Void => DatumKind::Void,
            ValueView::NotFound => DatumKind::NotFound,
            ValueView::Bool(b) => DatumKind::Bool(b),
            ValueView::Int(n) => DatumKind::Int(n),
            ValueView::Float(x) => DatumKind::Float(x),
            ValueView::Char(c) => DatumKind::Char(c),
            ValueView::Symbol(id) => {
                let name = self.symbols.name(id);
                if name.contains('/') && name.len() > 1 {
                    DatumKind::ComplexSymbol(name.split('/').map(str::to_string).collect())
                } else {
                    DatumKind::Symbol(name.to_string())
                }
            }
            ValueView::Invalid(_) => return Err(VmError::new("an invalid value cannot be data")),
            ValueView::Object(_) => {
                let heap = &self.heap;
                if let Some(s) = heap.downcast::<Str>(value) {
                    DatumKind::Str(s.text(heap).to_string())
                } else if let Some(n) = self.as_int(value) {
                    DatumKind::Int(n)
                } else if let Some(array) = heap.downcast::<Array>(value) {
                    let items = array
                        .get(heap)
                        .0
                        .iter()
                        .map(|&item| self.datum_at(item, span, depth + 1))
                        .collect::<Result<_, _>>()?;
                    DatumKind::Array {
                        items,
                        frozen: false,
                    }
                } else if let Some(map) = heap.downcast::<Map>(value) {
                    DatumKind::Map {
                        props: Box::new(self.map_to_props(&map.get(heap).0, span, depth)?),
                        frozen: false,
                    }
                } else if let Some(gene) = heap.downcast::<Gene>(value) {
                    let gene = gene.get(heap);
                    DatumKind::Gene(Box::new(GeneDatum {
                        head: self.datum_at(gene.head, span, depth + 1)?,
                        props: self.map_to_props(&gene.props, span, depth)?,
                        children: gene
                            .children
                            .iter()
                            .map(|&child| self.datum_at(child, span, depth + 1))
                            .collect::<Result<_, _>>()?,
                        frozen: false,
                    }))
                } else if let Some(unquote) = heap.downcast::<Unquote>(value) {
                    let unquote = unquote.get(heap);
                    DatumKind::Unquote {
                        datum: Box::new(self.datum_at(unquote.value, span, depth + 1)?),
                        discard: unquote.discard,
                    }
                } else if let Some(kind) = self.temporal_datum(value) {
                    kind
                } else {
                    return Err(VmError::new(format!(
                        "a {} cannot be turned into code",
                        crate::print::type_name(self, value)
                    )));
                }
            }
        };
        Ok(Datum::new(kind, span))
    }

    fn map_to_props(
        &self,
        map: &PropMap,
        span: Span,
        depth: usize,
    ) -> Result<gene_syntax::Props, VmError> {
        let mut props = gene_syntax::Props::default();
        for (&key, &value) in map {
            props.insert(
                self.symbols.name(key).to_string(),
                self.datum_at(value, span, depth + 1)?,
            );
        }
        Ok(props)
    }
}
