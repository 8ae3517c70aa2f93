//! `gene pipe CODE`: a Unix filter. The code (or the file CODE names) runs once per line of
//! standard input with the line, without its end, as `$line`; each value that is not nil
//! is printed as `println` prints it, so `(if … $line)` filters. `--filter` prints the line
//! itself when the code is true, `--quote-str` prints strings quoted. The code is compiled
//! once, as the body of a function called per line.

use std::io::BufRead;

use gene_syntax::SourceFile;

use crate::{report_eval_error, Limits, EXIT_GENE_ERROR, EXIT_SUCCESS, EXIT_USAGE};

pub struct PipeOptions {
    pub code: String,
    pub filter: bool,
    pub quote_str: bool,
}

pub fn run(options: PipeOptions, limits: &Limits) -> u8 {
    let color = limits.color.resolve();
    // A path to an existing file is the code's file; a `#!` first line is a comment.
    let (name, code) = match std::fs::read_to_string(&options.code) {
        Ok(text) => (options.code.clone(), text),
        Err(_) if std::path::Path::new(&options.code).is_file() => {
            stderr_line!("gene: cannot read {}", options.code);
            return EXIT_USAGE;
        }
        Err(_) => ("<pipe>".to_string(), options.code.clone()),
    };
    // The wrapper opens on the code's first line, so errors give the code's line numbers.
    let wrapped = if options.filter {
        format!("(fn [] (if (do {code}\n) $line))")
    } else {
        format!("(fn [] (do {code}\n))")
    };
    let source = SourceFile::new(name, wrapped);
    let mut vm = gene_vm::Vm::new();
    vm.set_max_call_depth(limits.max_call_depth);
    vm.set_contracts(limits.contracts);
    vm.set_heap_limit(limits.max_heap_mb.saturating_mul(1 << 20));
    vm.set_output(Box::new(std::io::BufWriter::new(std::io::stdout())));
    let nil = vm.make_nil();
    let defined = vm.set_global("$line", &nil);
    let function = match defined
        .map_err(gene_vm::EvalError::Runtime)
        .and_then(|()| vm.eval_source(&source))
    {
        Ok(function) => function,
        Err(error) => return report_eval_error(&source, &error, color),
    };
    let println = vm.global("println").expect("println is a builtin");
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                vm.flush_output();
                stderr_line!("gene: cannot read standard input: {error}");
                return EXIT_GENE_ERROR;
            }
        };
        let result = vm
            .make_string(&line)
            .and_then(|line| vm.set_global("$line", &line))
            .and_then(|()| vm.call(&function, &[]))
            .and_then(|value| {
                if vm.is_nil(&value) {
                    return Ok(());
                }
                let shown = match (options.quote_str, vm.to_str(&value)) {
                    (true, Some(_)) => vm.make_string(&vm.inspect(&value))?,
                    _ => value,
                };
                vm.call(&println, &[shown]).map(drop)
            });
        // Each line's output shows as soon as it is made, as a filter's should.
        vm.flush_output();
        if let Err(error) = result {
            if let Some(code) = error.exit_code() {
                return code;
            }
            stderr_line!("gene pipe: at input line {}:", number + 1);
            return report_eval_error(&source, &gene_vm::EvalError::Runtime(error), color);
        }
    }
    if let Err(error) = vm.run_event_loop() {
        vm.flush_output();
        if let Some(code) = error.exit_code() {
            return code;
        }
        return report_eval_error(&source, &gene_vm::EvalError::Runtime(error), color);
    }
    vm.flush_output();
    EXIT_SUCCESS
}
