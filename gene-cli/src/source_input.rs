//! Loading program text from a file or standard input.

use std::io::Read;

use gene_syntax::SourceFile;

pub enum InputError {
    /// The file could not be opened or read (a usage error).
    Unreadable(String),
    /// The bytes are not UTF-8; the message names the file, line and column.
    NotUtf8(String),
}

/// Reads `path` (or standard input for `-`) as a source file.
pub fn load_source(path: &str) -> Result<SourceFile, InputError> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::Unreadable(format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::Unreadable(format!("cannot read {path}: {e}")))?;
        (path.to_string(), bytes)
    };
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
