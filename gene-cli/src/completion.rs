//! Tab completion in the REPL: the globals defined so far (the standard library's
//! included) and the special forms, the built-in methods' names after a `.`, and the
//! REPL's `:` commands at the start of a line.

use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

/// The REPL's own commands.
pub const COMMANDS: &[&str] = &[":disasm", ":doc", ":help", ":load", ":quit", ":time"];

/// What there is to complete, refreshed after each entry.
#[derive(Default)]
pub struct Names {
    globals: Vec<String>,
    methods: Vec<&'static str>,
}

impl Names {
    pub fn refresh(&mut self, vm: &gene_vm::Vm) {
        self.globals = vm.global_names();
        if self.methods.is_empty() {
            self.methods = vm.builtin_method_names();
        }
    }

    /// Where the word being typed in `line[..pos]` starts, and what it may become.
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let word = &before[start..];
        let after_dot = before[..start].ends_with('.');
        let words: Vec<String> = if start == 0 && word.starts_with(':') {
            matching(COMMANDS.iter().copied(), word)
        } else if after_dot {
            matching(self.methods.iter().copied(), word)
        } else if word.is_empty() {
            Vec::new()
        } else {
            let mut all = matching(
                // The words that are not globals but begin or belong to forms.
                gene_compiler::RESERVED
                    .iter()
                    .copied()
                    .chain(self.globals.iter().map(String::as_str)),
                word,
            );
            all.sort();
            all.dedup();
            all
        };
        (start, words)
    }
}

fn matching<'a>(names: impl Iterator<Item = &'a str>, prefix: &str) -> Vec<String> {
    names
        .filter(|name| name.starts_with(prefix))
        .map(str::to_string)
        .collect()
}

/// What a name may hold (`:` for the commands; `.` ends a word so methods complete after it).
fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !"()[]{}\"'`,.^#".contains(c)
}

/// rustyline's view of [`Names`].
pub struct GeneHelper {
    pub names: Rc<RefCell<Names>>,
}

impl Completer for GeneHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.names.borrow().candidates(line, pos))
    }
}

impl Hinter for GeneHelper {
    type Hint = String;
}

impl Highlighter for GeneHelper {}

impl Validator for GeneHelper {}

impl Helper for GeneHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut names = Names::default();
        let mut vm = gene_vm::Vm::new();
        vm.eval("(fn greet_user [] 1) (var greeting 2)")
            .expect("defines");
        names.refresh(&vm);
        names
    }

    #[test]
    fn globals_defined_so_far_and_forms_complete() {
        let names = names();
        assert_eq!(
            names.candidates("(gree", 5),
            (1, vec!["greet_user".to_string(), "greeting".to_string()])
        );
        let (start, words) = names.candidates("(prin", 5);
        assert_eq!(start, 1);
        assert!(words.contains(&"println".to_string()), "{words:?}");
        assert_eq!(names.candidates("(whi", 4), (1, vec!["while".to_string()]));
    }

    #[test]
    fn methods_complete_after_a_dot() {
        let names = names();
        let (start, words) = names.candidates("(\"a b\" .spl", 11);
        assert_eq!(start, 8);
        assert!(words.contains(&"split".to_string()), "{words:?}");
        assert!(words.iter().all(|w| w.starts_with("spl")), "{words:?}");
    }

    #[test]
    fn commands_complete_at_the_start_of_a_line() {
        assert_eq!(
            names().candidates(":d", 2),
            (0, vec![":disasm".to_string(), ":doc".to_string()])
        );
    }
}
