//! JSON (spec 15.1 plain, 15.2 tagged).
//!
//! Reading goes from the text straight to Gene values: a `serde` visitor makes each value
//! as the parser meets it, so no intermediate tree is built and an object's keys are
//! interned once, as they are read. Nothing here calls back into Gene, and allocation
//! never collects, so the values made so far need no rooting.
//!
//! Writing walks the value into one byte buffer. The nesting of both is limited to
//! [`MAX_DEPTH`]; on the way out, a value that contains itself is reported as such when it
//! reaches the limit (the check costs nothing before it).
//!
//! Tagged JSON keeps what plain JSON loses: a symbol is the string `"#GENE#name"`, a gene
//! the object `{"genetype": head, …props, "children": [...]}`, an Int past JSON's safe
//! range (±(2^53 − 1)) and a string that starts with `#GENE#` a tagged string whose rest
//! is Gene text.

use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::args;
use super::declare::builtins;
use crate::heap::{Array, Gene, Map, PropMap, Str};
use crate::print::type_name;
use crate::runtime::errors::ErrorKind;
use crate::value::{SymbolId, Value, ValueView};
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// JSON text as Gene values: objects become Maps in key order, null becomes nil.
    global "gene/json/parse" (text: String) => parse;
    /// A value as compact JSON text.
    global "gene/json/stringify" (value: Any) => stringify;
    /// A value as JSON text laid out on lines, indented by the width given (2 if none).
    global "gene/json/pretty" (value: Any, ?indent: Int) => pretty;
    /// A value as tagged JSON, which keeps symbols, genes and large Ints.
    global "gene/json/serialize" (value: Any) => serialize;
    /// Tagged JSON text as the Gene values it was written from.
    global "gene/json/deserialize" (text: String) => deserialize;
    /// The array as compact JSON text, as gene/json/stringify writes it.
    Array "to_json" () => to_json;
    /// The map as compact JSON text, as gene/json/stringify writes it.
    Map "to_json" () => to_json;
}

/// How deeply JSON may nest, read or written: far past real documents, and shallow enough
/// for the recursive reader and writer to stay well inside a thread's stack.
pub(crate) const MAX_DEPTH: usize = 1000;

const TAG: &str = "#GENE#";
const GENETYPE: &str = "genetype";
const CHILDREN: &str = "children";
/// The largest integer every JSON reader holds exactly (a double's 53 bits).
const SAFE_INT: i64 = (1 << 53) - 1;

fn parse(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).to_string();
    read(vm, &text, false)
}

fn deserialize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).to_string();
    read(vm, &text, true)
}

fn stringify(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = write(vm, args[0], None, false, "gene/json/stringify")?;
    vm.string(text)
}

fn to_json(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = write(vm, args[0], None, false, "to_json")?;
    vm.string(text)
}

fn pretty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let indent = match args.get(1) {
        Some(&width) => args::int(vm, width),
        None => 2,
    };
    let indent = usize::try_from(indent)
        .ok()
        .filter(|&width| width <= 16)
        .ok_or_else(|| {
            VmError::argument_error(format!(
                "gene/json/pretty: the indent is 0 to 16 spaces, not {indent}"
            ))
        })?;
    let text = write(vm, args[0], Some(indent), false, "gene/json/pretty")?;
    vm.string(text)
}

fn serialize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = write(vm, args[0], None, true, "gene/json/serialize")?;
    vm.string(text)
}

// ---------------------------------------------------------------------------------------
// Reading

/// The Gene value of the JSON `text`; `tagged` reads `#GENE#` tags back.
pub(crate) fn read(vm: &mut Vm, text: &str, tagged: bool) -> Result<Value, VmError> {
    let mut reader = Reader {
        vm,
        tagged,
        failure: None,
    };
    let mut parser = serde_json::Deserializer::from_str(text);
    parser.disable_recursion_limit();
    let result = Level {
        reader: &mut reader,
        depth: 0,
    }
    .deserialize(&mut parser)
    .and_then(|value| parser.end().map(|()| value));
    if let Some(failure) = reader.failure {
        return Err(failure);
    }
    result.map_err(|error| VmError::of(ErrorKind::Parse, format!("invalid JSON: {error}")))
}

struct Reader<'v> {
    vm: &'v mut Vm,
    tagged: bool,
    /// A Gene error met while reading (out of memory, a bad tag), which the serde error
    /// that stops the parser cannot carry.
    failure: Option<VmError>,
}

impl Reader<'_> {
    fn fail<E: de::Error>(&mut self, error: VmError) -> E {
        let message = error.message.clone();
        self.failure = Some(error);
        E::custom(message)
    }

    fn string<E: de::Error>(&mut self, text: String) -> Result<Value, E> {
        if self.tagged && text.starts_with(TAG) {
            let payload = &text[TAG.len()..];
            return tagged_literal(self.vm, payload).map_err(|e| self.fail(e));
        }
        self.vm.string(text).map_err(|e| self.fail(e))
    }

    fn int<E: de::Error>(&mut self, n: i64) -> Result<Value, E> {
        self.vm.int(n).map_err(|e| self.fail(e))
    }

    /// An object's entries as a Map, or, tagged and with a `genetype` key, as a gene.
    fn object<E: de::Error>(&mut self, mut props: PropMap) -> Result<Value, E> {
        let genetype = self.vm.symbols.lookup(GENETYPE);
        let head = match genetype {
            Some(key) if self.tagged => props.shift_remove(&key),
            _ => None,
        };
        let Some(head) = head else {
            return self
                .vm
                .heap
                .alloc(Map(props))
                .map(|map| map.value())
                .map_err(|e| self.fail(out_of_memory(e)));
        };
        let children_key = self.vm.symbols.intern(CHILDREN);
        let children = match props.shift_remove(&children_key) {
            None => Vec::new(),
            Some(list) => match self.vm.array_items(list) {
                Some(items) => items.clone(),
                None => {
                    let error = VmError::of(
                        ErrorKind::Parse,
                        "invalid tagged JSON: a gene's \"children\" must be an array",
                    );
                    return Err(self.fail(error));
                }
            },
        };
        let gene = Gene {
            head,
            props,
            children,
        };
        self.vm
            .heap
            .alloc(gene)
            .map(|gene| gene.value())
            .map_err(|e| self.fail(out_of_memory(e)))
    }
}

/// The value a tagged string's Gene text stands for.
fn tagged_literal(vm: &mut Vm, payload: &str) -> Result<Value, VmError> {
    let invalid = |detail: String| {
        VmError::of(
            ErrorKind::Parse,
            format!("invalid tagged JSON string \"{TAG}{payload}\": {detail}"),
        )
    };
    let data = gene_syntax::parse_str(payload).map_err(|errors| {
        invalid(
            errors
                .first()
                .map_or_else(String::new, |e| e.message.clone()),
        )
    })?;
    match data.as_slice() {
        [datum] => vm.datum_to_value(datum),
        _ => Err(invalid("it must hold exactly one Gene value".to_string())),
    }
}

/// One level of nesting of the text being read.
struct Level<'r, 'v> {
    reader: &'r mut Reader<'v>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Level<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, parser: D) -> Result<Value, D::Error> {
        parser.deserialize_any(self)
    }
}

impl Level<'_, '_> {
    /// The depth of an array or object about to be read, once it is within the limit.
    fn inner<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "arrays and objects nested more than {MAX_DEPTH} deep"
            )));
        }
        Ok(self.depth + 1)
    }
}

impl<'de> Visitor<'de> for Level<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::NIL)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        self.reader.int(n)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        match i64::try_from(n) {
            Ok(n) => self.reader.int(n),
            // Past an Int, a number is the nearest Float, as for any larger literal.
            Err(_) => Ok(Value::float(n as f64)),
        }
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(Value::float(x))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        self.reader.string(text.to_string())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        self.reader.string(text)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.inner()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Level {
            reader: &mut *self.reader,
            depth,
        })? {
            items.push(item);
        }
        let reader = self.reader;
        reader
            .vm
            .heap
            .alloc(Array(items))
            .map(|array| array.value())
            .map_err(|e| reader.fail(out_of_memory(e)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.inner()?;
        let mut props = PropMap::default();
        while let Some(key) = map.next_key_seed(KeySeed(&mut *self.reader.vm))? {
            let value = map.next_value_seed(Level {
                reader: &mut *self.reader,
                depth,
            })?;
            props.insert(key, value);
        }
        self.reader.object(props)
    }
}

/// An object key, interned as it is read (borrowed from the text when it has no escapes).
struct KeySeed<'v>(&'v mut Vm);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = SymbolId;

    fn deserialize<D: de::Deserializer<'de>>(self, parser: D) -> Result<SymbolId, D::Error> {
        parser.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = SymbolId;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<SymbolId, E> {
        Ok(self.0.symbols.intern(key))
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// The JSON text of `value`: compact, or laid out with `indent` spaces a level.
pub(crate) fn write(
    vm: &Vm,
    value: Value,
    indent: Option<usize>,
    tagged: bool,
    caller: &'static str,
) -> Result<String, VmError> {
    let mut writer = Writer {
        vm,
        out: Vec::new(),
        indent,
        tagged,
        path: Vec::new(),
        caller,
    };
    writer.value(value)?;
    String::from_utf8(writer.out).map_err(|_| VmError::new("JSON output is not UTF-8"))
}

struct Writer<'v> {
    vm: &'v Vm,
    out: Vec<u8>,
    indent: Option<usize>,
    tagged: bool,
    /// The arrays, maps and genes being written, outermost first.
    path: Vec<Value>,
    caller: &'static str,
}

impl Writer<'_> {
    fn value(&mut self, value: Value) -> Result<(), VmError> {
        match value.view() {
            ValueView::Nil => self.raw("null"),
            ValueView::Bool(b) => self.raw(if b { "true" } else { "false" }),
            ValueView::Int(n) => self.int(n),
            ValueView::Float(x) => self.float(x)?,
            ValueView::Char(c) => self.string(c.encode_utf8(&mut [0; 4])),
            ValueView::Symbol(id) => {
                let name = self.vm.symbols.name(id);
                if self.tagged {
                    self.tagged_string(name);
                } else {
                    self.string(name);
                }
            }
            ValueView::Object(_) => self.object(value)?,
            ValueView::Void | ValueView::NotFound | ValueView::Invalid(_) => {
                return Err(self.unwritable(value))
            }
        }
        Ok(())
    }

    fn object(&mut self, value: Value) -> Result<(), VmError> {
        let vm = self.vm;
        let heap = &vm.heap;
        if let Some(s) = heap.downcast::<Str>(value) {
            let text = s.text(heap);
            if self.tagged && text.starts_with(TAG) {
                let mut literal = String::with_capacity(text.len() + 2);
                let _ = gene_syntax::print::write_string_literal(&mut literal, text);
                self.tagged_string(&literal);
            } else {
                self.string(text);
            }
        } else if let Some(n) = vm.as_int(value) {
            self.int(n);
        } else if let Some(array) = heap.downcast::<Array>(value) {
            self.enter(value)?;
            self.open(b'[');
            for (index, &item) in array.get(heap).0.iter().enumerate() {
                self.separator(index);
                self.value(item)?;
            }
            self.close(b']', array.get(heap).0.is_empty());
            self.path.pop();
        } else if let Some(map) = heap.downcast::<Map>(value) {
            self.enter(value)?;
            let props = &map.get(heap).0;
            if self.tagged && props.keys().any(|&k| vm.symbols.name(k) == GENETYPE) {
                return Err(VmError::type_error(format!(
                    "{}: a map with the key \"{GENETYPE}\" would read back as a gene",
                    self.caller
                )));
            }
            self.open(b'{');
            self.props(props, 0)?;
            self.close(b'}', props.is_empty());
            self.path.pop();
        } else if let (true, Some(gene)) = (self.tagged, heap.downcast::<Gene>(value)) {
            self.enter(value)?;
            let gene = gene.get(heap);
            if let Some(&key) = gene.props.keys().find(|&&k| {
                let name = vm.symbols.name(k);
                name == GENETYPE || name == CHILDREN
            }) {
                return Err(VmError::type_error(format!(
                    "{}: a gene's prop \"{}\" is reserved by tagged JSON",
                    self.caller,
                    vm.symbols.name(key)
                )));
            }
            self.open(b'{');
            self.key(GENETYPE);
            self.value(gene.head)?;
            self.props(&gene.props, 1)?;
            if !gene.children.is_empty() {
                self.separator(1);
                self.key(CHILDREN);
                self.open(b'[');
                // One level deeper for the layout; nil is no container, so it takes no
                // part in finding a value that contains itself.
                self.path.push(Value::NIL);
                for (index, &child) in gene.children.iter().enumerate() {
                    self.separator(index);
                    self.value(child)?;
                }
                self.close(b']', false);
                self.path.pop();
            }
            self.close(b'}', false);
            self.path.pop();
        } else {
            return Err(self.unwritable(value));
        }
        Ok(())
    }

    /// Entries `key: value`, the first of them the `first`th item of its object.
    fn props(&mut self, props: &PropMap, first: usize) -> Result<(), VmError> {
        for (index, (&key, &item)) in props.iter().enumerate() {
            self.separator(first + index);
            self.key(self.vm.symbols.name(key));
            self.value(item)?;
        }
        Ok(())
    }

    /// Steps into a container: past the depth limit, it nests too deep or contains itself.
    fn enter(&mut self, value: Value) -> Result<(), VmError> {
        if self.path.len() >= MAX_DEPTH {
            let mut seen: Vec<u64> = self
                .path
                .iter()
                .filter(|v| v.is_object())
                .map(|v| v.to_bits())
                .collect();
            seen.push(value.to_bits());
            seen.sort_unstable();
            let cyclic = seen.windows(2).any(|pair| pair[0] == pair[1]);
            let message = match cyclic {
                true => format!(
                    "{}: the {} contains itself, which JSON cannot write",
                    self.caller,
                    type_name(self.vm, self.path[0])
                ),
                false => format!("{}: data nested more than {MAX_DEPTH} deep", self.caller),
            };
            return Err(VmError::new(message));
        }
        self.path.push(value);
        Ok(())
    }

    fn unwritable(&self, value: Value) -> VmError {
        let what = type_name(self.vm, value);
        let hint = match self.tagged {
            true => "",
            false => {
                " (gene/json/serialize writes symbols and genes; gene/serdes/serialize writes more)"
            }
        };
        VmError::type_error(format!("{}: JSON has no {what}{hint}", self.caller))
    }

    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    fn int(&mut self, n: i64) {
        if self.tagged && !(-SAFE_INT..=SAFE_INT).contains(&n) {
            self.tagged_string(&n.to_string());
        } else {
            let mut digits = String::new();
            let _ = write!(digits, "{n}");
            self.raw(&digits);
        }
    }

    fn float(&mut self, x: f64) -> Result<(), VmError> {
        if !x.is_finite() {
            return Err(VmError::type_error(format!(
                "{}: JSON has no {}",
                self.caller,
                gene_syntax::format_float(x)
            )));
        }
        // serde_json writes the shortest digits that read back as the same float.
        serde_json::to_writer(&mut self.out, &x).map_err(|e| VmError::new(e.to_string()))
    }

    fn string(&mut self, text: &str) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.out, text);
    }

    fn tagged_string(&mut self, literal: &str) {
        let mut text = String::with_capacity(TAG.len() + literal.len());
        text.push_str(TAG);
        text.push_str(literal);
        self.string(&text);
    }

    fn key(&mut self, name: &str) {
        self.string(name);
        self.out.push(b':');
        if self.indent.is_some() {
            self.out.push(b' ');
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
    }

    /// Before item `index` of an array or object.
    fn separator(&mut self, index: usize) {
        if index > 0 {
            self.out.push(b',');
        }
        self.newline(self.path.len());
    }

    fn close(&mut self, bracket: u8, empty: bool) {
        if !empty {
            self.newline(self.path.len() - 1);
        }
        self.out.push(bracket);
    }

    fn newline(&mut self, level: usize) {
        if let Some(width) = self.indent {
            self.out.push(b'\n');
            self.out.extend(std::iter::repeat_n(b' ', width * level));
        }
    }
}
