//! Loading a program from a file or standard input: Gene source, or bytecode that
//! `gene compile -o` wrote.

use std::io::Read;

use gene_syntax::SourceFile;

pub enum InputError {
    /// The file could not be opened or read (a usage error).
    Unreadable(String),
    /// The bytes are not UTF-8; the message names the file, line and column.
    NotUtf8(String),
}

/// What a program file holds.
pub enum Program {
    Source(SourceFile),
    /// A compiled program, recognised by its magic bytes (not by its extension, so a
    /// renamed file still runs and a source file named `.gbc` is still read as source).
    Bytecode(Vec<u8>),
}

/// Reads `path` (or standard input for `-`) as a source file.
pub fn load_source(path: &str) -> Result<SourceFile, InputError> {
    let (name, bytes) = read(path)?;
    as_source(name, bytes)
}

/// Reads `path` (or standard input for `-`) as source or bytecode.
pub fn load_program(path: &str) -> Result<Program, InputError> {
    let (name, bytes) = read(path)?;
    if gene_compiler::cache::is_bytecode(&bytes) {
        return Ok(Program::Bytecode(bytes));
    }
    as_source(name, bytes).map(Program::Source)
}

fn read(path: &str) -> Result<(String, Vec<u8>), InputError> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::Unreadable(format!("cannot read standard input: {e}")))?;
        Ok(("<stdin>".to_string(), bytes))
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::Unreadable(format!("cannot read {path}: {e}")))?;
        Ok((path.to_string(), bytes))
    }
}

fn as_source(name: String, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let at = SourceFile::new(name.clone(), prefix).line_col(valid);
            Err(InputError::NotUtf8(format!(
                "error: read error: {name}:{at}: the source is not valid UTF-8 (byte {valid})"
            )))
        }
    }
}
