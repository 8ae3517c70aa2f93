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

use crate::proto::{FunctionProto, Globals};

/// The first bytes of every bytecode file.
pub const MAGIC: [u8; 8] = *b"\xffGENEBC\x1a";

/// Bumped whenever the layout changes (the compiler identity changes then too, since this
/// file is among the sources hashed; the version makes the refusal's message clearer).
pub const FORMAT_VERSION: u32 = 2;

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

/// The selector modes the compiler writes, which the VM's selectors know.
const MODES: [&str; 5] = ["*", "**", "@", "@@", "!"];

mod read;
mod write;

use read::{Decoder, Reader, Result};
use write::Writer;

#[cfg(test)]
mod tests;
