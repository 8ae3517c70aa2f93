//! The bytecode cache format: a compiled module (its tree of [`FunctionProto`]s and the
//! [`Globals`] its compile named) as bytes, for `gene compile -o` and for `gene run`'s cache.
//!
//! Layout, integers little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | [`MAGIC`]: a non-ASCII first byte, so no UTF-8 source file starts with it, and `\r\n` / `\x1a` that a text-mode copy would mangle |
//! | 4 | [`FORMAT_VERSION`] |
//! | 4 | flags: bit 0, the source text is embedded (a `.gbc` file that runs on its own) |
//! | 16 | [`COMPILER_ID`], hex: a hash of the compiler's and reader's sources (`build.rs`) |
//! | 8 | the source's hash ([`source_hash`]) |
//! | 8 | the payload's length |
//! | 8 | a checksum of the header before it and of the payload |
//! | … | the payload: the globals, the embedded source if any, then the proto tree |
//!
//! The payload is a compact hand-written encoding (LEB128 integers, length-prefixed strings
//! and lists, code words as raw `u32`s). Decoding trusts nothing: every length is checked
//! against the bytes that remain before anything is allocated for it, nesting is bounded,
//! strings must be UTF-8, spans must lie inside the source on character boundaries, and
//! every error is a [`CacheError`], never a panic. What decodes is still only data: the
//! VM runs it through [`crate::verify`] exactly as it does fresh code.

use gene_syntax::datum::{Date, DateTime, Regex, Time, TimePrecision, TzOffset};
use gene_syntax::{Datum, DatumKind, Gene, InterpPart, Props, Span};

use crate::isa::GlobalSlot;
use crate::proto::{Constant, FunctionProto, Globals, KeywordParam, SelectorPart, UpvalSource};

/// The first bytes of every bytecode file.
pub const MAGIC: [u8; 8] = *b"\xffGENEBC\x1a";

/// Bumped whenever the layout changes (the compiler identity changes then too, since this
/// file is among the sources hashed; the version makes the refusal's message clearer).
pub const FORMAT_VERSION: u32 = 1;

/// Which build of the compiler wrote a file: see `build.rs`.
pub const COMPILER_ID: &str = env!("GENE_COMPILER_ID");

const HEADER_LEN: usize = 8 + 4 + 4 + 16 + 8 + 8 + 8;
const FLAG_SOURCE: u32 = 1;

/// How deep data and functions may nest in a payload, so that decoding's recursion is safe
/// on any thread (a 2 MiB test thread in a debug build overflowed at about 1,000). Real
/// programs nest far less; a module that nests deeper (the reader takes up to
/// `gene_syntax::lexer::DEFAULT_MAX_DEPTH`) is refused from the cache and compiled anew.
const MAX_NESTING: usize = 256;

/// A module as compiled: what loading it needs, as a fresh compile would have left it.
#[derive(Clone, Debug)]
pub struct CompiledModule {
    pub proto: FunctionProto,
    /// The module's globals after the compile (it started from empty ones).
    pub globals: Globals,
    /// The source, when the file carries it (`gene compile -o`).
    pub source: Option<EmbeddedSource>,
}

/// The source a self-contained bytecode file carries, for error reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedSource {
    /// The name errors show (the path it was compiled from).
    pub name: String,
    pub text: String,
}

/// Why bytes were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// They do not start with [`MAGIC`].
    NotBytecode,
    /// They end before the header or the payload does.
    Truncated,
    /// Another version of the format.
    FormatVersion(u32),
    /// Written by another build of the compiler.
    OtherCompiler(String),
    /// Compiled from other source text.
    SourceChanged,
    /// The payload is not what was written.
    Checksum,
    /// The payload is inconsistent: a bad tag, length, string or span.
    Malformed(&'static str),
    /// A self-contained file was expected, and this one has no source.
    NoSource,
}

impl std::fmt::Display for CacheError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheError::NotBytecode => f.write_str("not a Gene bytecode file"),
            CacheError::Truncated => f.write_str("the file is truncated"),
            CacheError::FormatVersion(found) => write!(
                f,
                "format version {found}, but this gene reads version {FORMAT_VERSION}"
            ),
            CacheError::OtherCompiler(id) => write!(
                f,
                "compiled by another build of gene (compiler {id}, this one is {COMPILER_ID})"
            ),
            CacheError::SourceChanged => f.write_str("compiled from other source text"),
            CacheError::Checksum => f.write_str("the checksum does not match: the file is corrupt"),
            CacheError::Malformed(what) => write!(f, "the file is corrupt: {what}"),
            CacheError::NoSource => f.write_str("the file does not carry its source"),
        }
    }
}

impl std::error::Error for CacheError {}

/// Whether `bytes` start as a bytecode file does (a source file never can).
pub fn is_bytecode(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// The hash of a module's source text that keys its cache.
pub fn source_hash(text: &str) -> u64 {
    hash(text.as_bytes(), 0x736f_7572_6365)
}

/// The file's checksum: of the header before it (so flags and length are covered too) and
/// of the payload. Each 8-byte word goes through a step that is a bijection of the state
/// for a fixed word and of the word for a fixed state, so a change confined to one word
/// (any flipped bits within it) always changes the result.
fn checksum(header: &[u8], payload: &[u8]) -> u64 {
    hash(payload, hash(header, 0x0070_6179_6c6f_6164))
}

fn hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut state = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = (state.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        state = (state.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    state ^= state >> 32;
    state = state.wrapping_mul(K);
    state ^ (state >> 29)
}

/// The bytes of a module compiled from `source_text`; with `embed` (the name errors show),
/// the source travels along, so the file runs on its own.
pub fn encode(
    proto: &FunctionProto,
    globals: &Globals,
    source_text: &str,
    embed: Option<&str>,
) -> Vec<u8> {
    let mut payload = Writer(Vec::with_capacity(proto.code.len() * 6 + 256));
    let (names, immutable, exported) = globals.parts();
    payload.uint(names.len() as u64);
    for name in names {
        payload.str(name);
    }
    for slots in [immutable, exported] {
        payload.uint(slots.len() as u64);
        for slot in slots {
            payload.uint(u64::from(slot.0));
        }
    }
    if let Some(name) = embed {
        payload.str(name);
        payload.str(source_text);
    }
    payload.proto(proto);
    let payload = payload.0;

    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let flags = if embed.is_some() { FLAG_SOURCE } else { 0 };
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(&compiler_id_bytes());
    out.extend_from_slice(&source_hash(source_text).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let sum = checksum(&out, &payload);
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The identity as the 16 bytes the header holds (padded or cut, should it not be 16).
fn compiler_id_bytes() -> [u8; 16] {
    let mut id = [b'0'; 16];
    for (slot, byte) in id.iter_mut().zip(COMPILER_ID.bytes()) {
        *slot = byte;
    }
    id
}

/// Decodes a cache entry for the module whose source is `source_text` now: refused unless
/// it was written by this compiler from exactly this text.
pub fn decode_for_source(bytes: &[u8], source_text: &str) -> Result<CompiledModule> {
    decode(bytes, Some(source_text))
}

/// Decodes a self-contained bytecode file (`gene compile -o`), which carries its source.
pub fn decode_program(bytes: &[u8]) -> Result<CompiledModule> {
    decode(bytes, None)
}

fn decode(bytes: &[u8], source_text: Option<&str>) -> Result<CompiledModule> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) {
            CacheError::Truncated
        } else {
            CacheError::NotBytecode
        });
    }
    if !is_bytecode(bytes) {
        return Err(CacheError::NotBytecode);
    }
    if bytes.len() < HEADER_LEN {
        return Err(CacheError::Truncated);
    }
    let field = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let mut version = [0u8; 4];
    version.copy_from_slice(&bytes[8..12]);
    let version = u32::from_le_bytes(version);
    if version != FORMAT_VERSION {
        return Err(CacheError::FormatVersion(version));
    }
    let mut flags = [0u8; 4];
    flags.copy_from_slice(&bytes[12..16]);
    let flags = u32::from_le_bytes(flags);
    if flags & !FLAG_SOURCE != 0 {
        return Err(CacheError::Malformed("unknown flags"));
    }
    let id = &bytes[16..32];
    if id != compiler_id_bytes() {
        return Err(CacheError::OtherCompiler(
            String::from_utf8_lossy(id).into_owned(),
        ));
    }
    let hash = field(32);
    if let Some(text) = source_text {
        if hash != source_hash(text) {
            return Err(CacheError::SourceChanged);
        }
    }
    let payload = &bytes[HEADER_LEN..];
    let length = field(40);
    if length > payload.len() as u64 {
        return Err(CacheError::Truncated);
    }
    if length < payload.len() as u64 {
        return Err(CacheError::Malformed("bytes after the payload"));
    }
    if checksum(&bytes[..48], payload) != field(48) {
        return Err(CacheError::Checksum);
    }

    let mut reader = Reader {
        bytes: payload,
        pos: 0,
    };
    let globals = reader.globals()?;
    let source = if flags & FLAG_SOURCE != 0 {
        let name = reader.string()?;
        let text = reader.string()?;
        if source_hash(&text) != hash {
            return Err(CacheError::Malformed(
                "the embedded source is not the one hashed",
            ));
        }
        Some(EmbeddedSource { name, text })
    } else {
        None
    };
    let text = match (source_text, &source) {
        (Some(text), _) => text,
        (None, Some(source)) => source.text.as_str(),
        (None, None) => return Err(CacheError::NoSource),
    };
    let mut decoder = Decoder {
        reader,
        text,
        depth: 0,
    };
    let proto = decoder.proto()?;
    if decoder.reader.pos != payload.len() {
        return Err(CacheError::Malformed("bytes after the functions"));
    }
    Ok(CompiledModule {
        proto,
        globals,
        source,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, byte: u8) {
        self.0.push(byte);
    }

    fn bool(&mut self, value: bool) {
        self.byte(u8::from(value));
    }

    fn uint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn int(&mut self, value: i64) {
        self.uint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.uint(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }

    fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            None => self.byte(0),
            Some(text) => {
                self.byte(1);
                self.str(text);
            }
        }
    }

    fn span(&mut self, span: Span) {
        self.uint(u64::from(span.start));
        self.uint(u64::from(span.end.saturating_sub(span.start)));
    }

    fn upval(&mut self, source: UpvalSource) {
        match source {
            UpvalSource::Local(r) => {
                self.byte(0);
                self.byte(r);
            }
            UpvalSource::Upval(u) => {
                self.byte(1);
                self.byte(u);
            }
        }
    }

    fn proto(&mut self, proto: &FunctionProto) {
        self.str(&proto.name);
        self.byte(proto.arity);
        self.byte(proto.optional);
        self.bool(proto.rest);
        self.uint(proto.keywords.len() as u64);
        for keyword in &proto.keywords {
            self.str(&keyword.name);
            self.bool(keyword.has_default);
        }
        self.bool(proto.receiver);
        self.bool(proto.generator);
        self.byte(proto.registers);
        self.uint(proto.code.len() as u64);
        for word in &proto.code {
            self.0.extend_from_slice(&word.to_le_bytes());
        }
        self.uint(proto.constants.len() as u64);
        for constant in &proto.constants {
            self.constant(constant);
        }
        self.uint(proto.protos.len() as u64);
        for child in &proto.protos {
            self.proto(child);
        }
        self.uint(proto.upvalues.len() as u64);
        for &source in &proto.upvalues {
            self.upval(source);
        }
        self.uint(proto.meta.len() as u64);
        for (name, k) in &proto.meta {
            self.str(name);
            self.uint(u64::from(*k));
        }
        self.uint(proto.env_layouts.len() as u64);
        for layout in &proto.env_layouts {
            self.uint(layout.len() as u64);
            for (name, source) in layout {
                self.str(name);
                self.upval(*source);
            }
        }
        self.uint(u64::from(proto.ic_slots));
        self.uint(proto.spans.len() as u64);
        let mut last_pc = 0;
        for &(pc, span) in &proto.spans {
            // Sorted by pc, so deltas are small; a decreasing pair (never written by the
            // compiler) still round-trips through the wrap.
            self.uint(u64::from(pc.wrapping_sub(last_pc)));
            last_pc = pc;
            self.span(span);
        }
        self.span(proto.span);
    }

    fn constant(&mut self, constant: &Constant) {
        match constant {
            Constant::Int(n) => {
                self.byte(0);
                self.int(*n);
            }
            Constant::Float(x) => {
                self.byte(1);
                self.0.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Constant::Str(text) => {
                self.byte(2);
                self.str(text);
            }
            Constant::Symbol(name) => {
                self.byte(3);
                self.str(name);
            }
            Constant::Quoted(datum) => {
                self.byte(4);
                self.datum(datum);
            }
            Constant::Selector(parts) => {
                self.byte(5);
                self.uint(parts.len() as u64);
                for part in parts {
                    match part {
                        SelectorPart::Key(key) => {
                            self.byte(0);
                            self.str(key);
                        }
                        SelectorPart::Index(index) => {
                            self.byte(1);
                            self.int(*index);
                        }
                        SelectorPart::Mode(mode) => {
                            self.byte(2);
                            let index = MODES.iter().position(|m| m == mode).unwrap_or(0);
                            self.byte(index as u8);
                        }
                    }
                }
            }
        }
    }

    fn props(&mut self, props: &Props) {
        self.uint(props.len() as u64);
        for (key, value) in props {
            self.str(key);
            self.datum(value);
        }
    }

    fn datum(&mut self, datum: &Datum) {
        self.span(datum.span);
        match &datum.kind {
            DatumKind::Nil => self.byte(0),
            DatumKind::Void => self.byte(1),
            DatumKind::NotFound => self.byte(2),
            DatumKind::Bool(b) => {
                self.byte(3);
                self.bool(*b);
            }
            DatumKind::Int(n) => {
                self.byte(4);
                self.int(*n);
            }
            DatumKind::Float(x) => {
                self.byte(5);
                self.0.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            DatumKind::Char(c) => {
                self.byte(6);
                self.uint(u64::from(u32::from(*c)));
            }
            DatumKind::Str(text) => {
                self.byte(7);
                self.str(text);
            }
            DatumKind::Interp(parts) => {
                self.byte(8);
                self.uint(parts.len() as u64);
                for part in parts {
                    match part {
                        InterpPart::Str(text) => {
                            self.byte(0);
                            self.str(text);
                        }
                        InterpPart::Expr(datum) => {
                            self.byte(1);
                            self.datum(datum);
                        }
                    }
                }
            }
            DatumKind::Symbol(name) => {
                self.byte(9);
                self.str(name);
            }
            DatumKind::ComplexSymbol(parts) => {
                self.byte(10);
                self.uint(parts.len() as u64);
                for part in parts {
                    self.str(part);
                }
            }
            DatumKind::Array { items, frozen } => {
                self.byte(11);
                self.bool(*frozen);
                self.uint(items.len() as u64);
                for item in items {
                    self.datum(item);
                }
            }
            DatumKind::Map { props, frozen } => {
                self.byte(12);
                self.bool(*frozen);
                self.props(props);
            }
            DatumKind::HashMap { entries, frozen } => {
                self.byte(13);
                self.bool(*frozen);
                self.uint(entries.len() as u64);
                for (key, value) in entries {
                    self.datum(key);
                    self.datum(value);
                }
            }
            DatumKind::Gene(gene) => {
                self.byte(14);
                self.bool(gene.frozen);
                self.datum(&gene.head);
                self.props(&gene.props);
                self.uint(gene.children.len() as u64);
                for child in &gene.children {
                    self.datum(child);
                }
            }
            DatumKind::Quote(inner) => {
                self.byte(15);
                self.datum(inner);
            }
            DatumKind::Unquote { datum, discard } => {
                self.byte(16);
                self.bool(*discard);
                self.datum(datum);
            }
            DatumKind::Regex(regex) => {
                self.byte(17);
                self.str(&regex.pattern);
                self.opt_str(regex.replacement.as_deref());
                self.bool(regex.ignore_case);
                self.bool(regex.multiline);
            }
            DatumKind::Bytes(bytes) => {
                self.byte(18);
                self.bytes(bytes);
            }
            DatumKind::Date(date) => {
                self.byte(19);
                self.date(date);
            }
            DatumKind::Time(time) => {
                self.byte(20);
                self.time(time);
            }
            DatumKind::DateTime(date_time) => {
                self.byte(21);
                self.date(&date_time.date);
                self.time(&date_time.time);
            }
        }
    }

    fn date(&mut self, date: &Date) {
        self.uint(u64::from(date.year));
        self.byte(date.month);
        self.byte(date.day);
    }

    fn time(&mut self, time: &Time) {
        self.byte(time.hour);
        self.byte(time.minute);
        self.byte(time.second);
        self.uint(u64::from(time.microsecond));
        match time.offset {
            TzOffset::None => self.byte(0),
            TzOffset::Utc => self.byte(1),
            TzOffset::Minutes(minutes) => {
                self.byte(2);
                self.int(i64::from(minutes));
            }
        }
        self.opt_str(time.zone.as_deref());
        match time.precision {
            TimePrecision::Minutes => self.byte(0),
            TimePrecision::Seconds => self.byte(1),
            TimePrecision::Fraction(digits) => {
                self.byte(2);
                self.byte(digits);
            }
        }
    }
}

/// The selector modes the compiler writes, which the VM's selectors know.
const MODES: [&str; 5] = ["*", "**", "@", "@@", "!"];

type Result<T> = std::result::Result<T, CacheError>;

fn malformed<T>(what: &'static str) -> Result<T> {
    Err(CacheError::Malformed(what))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or(CacheError::Malformed("the payload ends early"))?;
        self.pos += 1;
        Ok(byte)
    }

    fn bool(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => malformed("a flag that is neither 0 nor 1"),
        }
    }

    fn uint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return malformed("an integer too large");
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        malformed("an integer too long")
    }

    fn int(&mut self) -> Result<i64> {
        let raw = self.uint()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    fn small<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.uint()?).map_err(|_| CacheError::Malformed("a number out of range"))
    }

    /// A count of items that each take at least `min_bytes`: refused when the bytes left
    /// cannot hold that many, so no allocation is larger than the input.
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let count = self.uint()?;
        match usize::try_from(count) {
            Ok(count) if count.saturating_mul(min_bytes) <= self.remaining() => Ok(count),
            _ => malformed("a length past the end of the payload"),
        }
    }

    fn take(&mut self, len: usize) -> Result<&[u8]> {
        if len > self.remaining() {
            return malformed("a length past the end of the payload");
        }
        let bytes = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    fn string(&mut self) -> Result<String> {
        let len = self.count(1)?;
        let bytes = self.take(len)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(_) => malformed("a string that is not UTF-8"),
        }
    }

    fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(match self.bool()? {
            false => None,
            true => Some(self.string()?),
        })
    }

    fn u64_bits(&mut self) -> Result<u64> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    fn globals(&mut self) -> Result<Globals> {
        let count = self.count(1)?;
        let mut names = Vec::with_capacity(count);
        for _ in 0..count {
            names.push(self.string()?);
        }
        let mut slots = [Vec::new(), Vec::new()];
        for list in &mut slots {
            let count = self.count(1)?;
            list.reserve(count);
            for _ in 0..count {
                list.push(GlobalSlot(self.small()?));
            }
        }
        let [immutable, exported] = slots;
        Globals::from_parts(names, immutable, exported)
            .ok_or(CacheError::Malformed("inconsistent globals"))
    }
}

/// Reads the functions and data of a payload, checking spans against the source.
struct Decoder<'a> {
    reader: Reader<'a>,
    text: &'a str,
    depth: usize,
}

impl Decoder<'_> {
    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return malformed("nesting too deep");
        }
        Ok(())
    }

    fn span(&mut self) -> Result<Span> {
        let start: u32 = self.reader.small()?;
        let len: u32 = self.reader.small()?;
        let end = start
            .checked_add(len)
            .ok_or(CacheError::Malformed("a span out of range"))?;
        let (from, to) = (start as usize, end as usize);
        if to > self.text.len()
            || !self.text.is_char_boundary(from)
            || !self.text.is_char_boundary(to)
        {
            return malformed("a span outside the source");
        }
        Ok(Span { start, end })
    }

    fn upval(&mut self) -> Result<UpvalSource> {
        let tag = self.reader.byte()?;
        let index = self.reader.byte()?;
        match tag {
            0 => Ok(UpvalSource::Local(index)),
            1 => Ok(UpvalSource::Upval(index)),
            _ => malformed("an unknown upvalue source"),
        }
    }

    fn proto(&mut self) -> Result<FunctionProto> {
        self.nest()?;
        let r = &mut self.reader;
        let name = r.string()?;
        let arity = r.byte()?;
        let optional = r.byte()?;
        let rest = r.bool()?;
        let count = r.count(2)?;
        let mut keywords = Vec::with_capacity(count);
        for _ in 0..count {
            let name = r.string()?;
            let has_default = r.bool()?;
            keywords.push(KeywordParam { name, has_default });
        }
        let receiver = r.bool()?;
        let generator = r.bool()?;
        let registers = r.byte()?;
        let count = r.count(4)?;
        let mut code = Vec::with_capacity(count);
        for chunk in r.take(count * 4)?.chunks_exact(4) {
            let mut word = [0u8; 4];
            word.copy_from_slice(chunk);
            code.push(u32::from_le_bytes(word));
        }
        let count = r.count(1)?;
        let mut constants = Vec::with_capacity(count);
        for _ in 0..count {
            constants.push(self.constant()?);
        }
        let count = self.reader.count(1)?;
        let mut protos = Vec::with_capacity(count);
        for _ in 0..count {
            protos.push(self.proto()?);
        }
        let r = &mut self.reader;
        let count = r.count(2)?;
        let mut upvalues = Vec::with_capacity(count);
        for _ in 0..count {
            upvalues.push(self.upval()?);
        }
        let r = &mut self.reader;
        let count = r.count(2)?;
        let mut meta = Vec::with_capacity(count);
        for _ in 0..count {
            let name = r.string()?;
            meta.push((name, r.small()?));
        }
        let count = r.count(1)?;
        let mut env_layouts = Vec::with_capacity(count);
        for _ in 0..count {
            let len = self.reader.count(3)?;
            let mut layout = Vec::with_capacity(len);
            for _ in 0..len {
                let name = self.reader.string()?;
                layout.push((name, self.upval()?));
            }
            env_layouts.push(layout);
        }
        let ic_slots = self.reader.small()?;
        let count = self.reader.count(3)?;
        let mut spans = Vec::with_capacity(count);
        let mut pc = 0u32;
        for _ in 0..count {
            let delta: u32 = self.reader.small()?;
            pc = pc.wrapping_add(delta);
            spans.push((pc, self.span()?));
        }
        let span = self.span()?;
        self.depth -= 1;
        Ok(FunctionProto {
            name,
            arity,
            optional,
            rest,
            keywords,
            receiver,
            generator,
            registers,
            code,
            constants,
            protos,
            upvalues,
            meta,
            env_layouts,
            ic_slots,
            spans,
            span,
        })
    }

    fn constant(&mut self) -> Result<Constant> {
        let r = &mut self.reader;
        Ok(match r.byte()? {
            0 => Constant::Int(r.int()?),
            1 => Constant::Float(f64::from_bits(r.u64_bits()?)),
            2 => Constant::Str(r.string()?),
            3 => Constant::Symbol(r.string()?),
            4 => Constant::Quoted(self.datum()?),
            5 => {
                let count = r.count(2)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(match r.byte()? {
                        0 => SelectorPart::Key(r.string()?),
                        1 => SelectorPart::Index(r.int()?),
                        2 => match MODES.get(usize::from(r.byte()?)) {
                            Some(mode) => SelectorPart::Mode(mode),
                            None => return malformed("an unknown selector mode"),
                        },
                        _ => return malformed("an unknown selector part"),
                    });
                }
                Constant::Selector(parts)
            }
            _ => return malformed("an unknown constant tag"),
        })
    }

    fn props(&mut self) -> Result<Props> {
        let count = self.reader.count(4)?;
        let mut props = Props::default();
        props.reserve(count);
        for _ in 0..count {
            let key = self.reader.string()?;
            let value = self.datum()?;
            props.insert(key, value);
        }
        Ok(props)
    }

    fn data(&mut self, min_bytes: usize) -> Result<Vec<Datum>> {
        let count = self.reader.count(min_bytes)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(self.datum()?);
        }
        Ok(items)
    }

    fn datum(&mut self) -> Result<Datum> {
        self.nest()?;
        let span = self.span()?;
        let r = &mut self.reader;
        let kind = match r.byte()? {
            0 => DatumKind::Nil,
            1 => DatumKind::Void,
            2 => DatumKind::NotFound,
            3 => DatumKind::Bool(r.bool()?),
            4 => DatumKind::Int(r.int()?),
            5 => DatumKind::Float(f64::from_bits(r.u64_bits()?)),
            6 => match char::from_u32(r.small()?) {
                Some(c) => DatumKind::Char(c),
                None => return malformed("a character that is not a scalar value"),
            },
            7 => DatumKind::Str(r.string()?),
            8 => {
                let count = r.count(2)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(match self.reader.byte()? {
                        0 => InterpPart::Str(self.reader.string()?),
                        1 => InterpPart::Expr(self.datum()?),
                        _ => return malformed("an unknown interpolation part"),
                    });
                }
                DatumKind::Interp(parts)
            }
            9 => DatumKind::Symbol(r.string()?),
            10 => {
                let count = r.count(1)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(r.string()?);
                }
                DatumKind::ComplexSymbol(parts)
            }
            11 => {
                let frozen = r.bool()?;
                DatumKind::Array {
                    items: self.data(3)?,
                    frozen,
                }
            }
            12 => {
                let frozen = r.bool()?;
                DatumKind::Map {
                    props: Box::new(self.props()?),
                    frozen,
                }
            }
            13 => {
                let frozen = r.bool()?;
                let count = r.count(6)?;
                let mut entries = Vec::with_capacity(count);
                for _ in 0..count {
                    let key = self.datum()?;
                    entries.push((key, self.datum()?));
                }
                DatumKind::HashMap { entries, frozen }
            }
            14 => {
                let frozen = r.bool()?;
                let head = self.datum()?;
                let props = self.props()?;
                let children = self.data(3)?;
                DatumKind::Gene(Box::new(Gene {
                    head,
                    props,
                    children,
                    frozen,
                }))
            }
            15 => DatumKind::Quote(Box::new(self.datum()?)),
            16 => {
                let discard = r.bool()?;
                DatumKind::Unquote {
                    datum: Box::new(self.datum()?),
                    discard,
                }
            }
            17 => DatumKind::Regex(Box::new(Regex {
                pattern: r.string()?,
                replacement: r.opt_string()?,
                ignore_case: r.bool()?,
                multiline: r.bool()?,
            })),
            18 => {
                let len = r.count(1)?;
                DatumKind::Bytes(r.take(len)?.to_vec())
            }
            19 => DatumKind::Date(date(r)?),
            20 => DatumKind::Time(Box::new(time(r)?)),
            21 => {
                let date = date(r)?;
                DatumKind::DateTime(Box::new(DateTime {
                    date,
                    time: time(r)?,
                }))
            }
            _ => return malformed("an unknown datum tag"),
        };
        self.depth -= 1;
        Ok(Datum { kind, span })
    }
}

fn date(r: &mut Reader<'_>) -> Result<Date> {
    Ok(Date {
        year: r.small()?,
        month: r.byte()?,
        day: r.byte()?,
    })
}

fn time(r: &mut Reader<'_>) -> Result<Time> {
    Ok(Time {
        hour: r.byte()?,
        minute: r.byte()?,
        second: r.byte()?,
        microsecond: r.small()?,
        offset: match r.byte()? {
            0 => TzOffset::None,
            1 => TzOffset::Utc,
            2 => TzOffset::Minutes(
                i16::try_from(r.int()?)
                    .map_err(|_| CacheError::Malformed("a time zone offset out of range"))?,
            ),
            _ => return malformed("an unknown time zone offset"),
        },
        zone: r.opt_string()?,
        precision: match r.byte()? {
            0 => TimePrecision::Minutes,
            1 => TimePrecision::Seconds,
            2 => TimePrecision::Fraction(r.byte()?),
            _ => return malformed("an unknown time precision"),
        },
    })
}

#[cfg(test)]
mod tests;
