//! Compile time of a ~5,000-line program: `compile_program` alone, the reading done once
//! outside the timed part; and of the small form a macro's `$caller_eval` compiles.
//!
//! The program is generated from a fixed seed, so every run on every machine compiles the
//! same code, and it reads like application code: functions with loops and branches,
//! closures, try/catch/finally, maps and arrays, paths and string interpolation, top-level
//! variables. `GENE_BENCH_DUMP=FILE` writes it out for a look.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

// Measure the allocator the `gene` binary ships with, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TARGET_LINES: usize = 5_000;

#[path = "../../gene-syntax/benches/support/rng.rs"]
mod rng;
use rng::Rng;

const WORDS: &[&str] = &[
    "order", "item", "price", "total", "name", "city", "count", "score", "level", "user",
];
const OPS: &[&str] = &["+", "-", "*"];
const COMPARE: &[&str] = &["<", "<=", ">", ">=", "==", "!="];

/// One unit of the program: a few functions and top-level statements, about 25–40 lines.
fn unit(out: &mut String, rng: &mut Rng, n: usize) {
    let w = rng.pick(WORDS);
    let field = rng.pick(WORDS);
    let _ = writeln!(out, "# unit {n}: {w}");
    let _ = writeln!(out, "(fn {w}_{n}_score [items threshold]");
    let _ = writeln!(out, "  (var total {})", rng.below(100));
    let _ = writeln!(
        out,
        "  (var seen {{^count 0 ^names [] ^{field}_v {}}})",
        rng.below(9)
    );
    let _ = writeln!(out, "  (for x in items");
    let _ = writeln!(out, "    (if (x {} threshold)", rng.pick(COMPARE));
    let _ = writeln!(
        out,
        "      (total += (x {} {}))",
        rng.pick(OPS),
        1 + rng.below(7)
    );
    let _ = writeln!(out, "    elif (x == {})", rng.below(20));
    let _ = writeln!(out, "      (continue)");
    let _ = writeln!(out, "    else");
    let _ = writeln!(out, "      (total -= {}))", rng.below(5));
    let _ = writeln!(out, "    (seen/count = (seen/count + 1)))");
    let _ = writeln!(out, "  (try");
    let _ = writeln!(
        out,
        "    (if (total < {}) (throw \"too small: {w}\"))",
        rng.below(50)
    );
    let _ = writeln!(out, "    (total / (seen/count + 1))");
    let _ = writeln!(out, "  catch e");
    let _ = writeln!(out, "    (println #\"{w} {n} failed: #{{e}}\")");
    let _ = writeln!(out, "    0");
    let _ = writeln!(out, "  finally");
    let _ = writeln!(out, "    (seen/names .push \"{w}{n}\")))");
    let _ = writeln!(out, "(fn {w}_{n}_make [base]");
    let _ = writeln!(out, "  (var step {})", 1 + rng.below(9));
    let _ = writeln!(out, "  (var calls 0)");
    let _ = writeln!(out, "  (fn [k]");
    let _ = writeln!(out, "    (calls += 1)");
    let _ = writeln!(out, "    ((k * step) + base + calls)))");
    if rng.chance(50) {
        let _ = writeln!(out, "(fn {w}_{n}_walk [m]");
        let _ = writeln!(out, "  (var keys [])");
        let _ = writeln!(out, "  (for k v in m");
        let _ = writeln!(out, "    (keys .push #\"#{{k}}=#{{v}}\"))");
        let _ = writeln!(out, "  (var i 0)");
        let _ = writeln!(out, "  (while (i < {})", 3 + rng.below(10));
        let _ = writeln!(out, "    (i += 1)");
        let _ = writeln!(out, "    (if ((i % {}) == 0) (break)))", 2 + rng.below(4));
        let _ = writeln!(out, "  (case (keys .size)");
        let _ = writeln!(out, "    when 0 \"empty\"");
        let _ = writeln!(out, "    when 1 \"one\"");
        let _ = writeln!(out, "    else #\"#{{(keys .size)}} keys\"))");
    }
    let _ = writeln!(out, "(var {w}_{n}_f ({w}_{n}_make {}))", rng.below(1000));
    let _ = writeln!(
        out,
        "(var {w}_{n}_data [{} {} {}.{} \"{field}\" {{^{field} {}}}])",
        rng.below(10),
        rng.below(100),
        rng.below(10),
        rng.below(10),
        rng.below(10)
    );
    let _ = writeln!(
        out,
        "(println #\"{w} {n}: #{{({w}_{n}_score [1 2 3 {}] {})}} #{{({w}_{n}_f {})}}\")",
        rng.below(50),
        rng.below(5),
        rng.below(30)
    );
}

fn program() -> String {
    let mut rng = Rng(0x5EED_C0DE_2026);
    let mut out = String::new();
    let mut n = 0;
    while out.lines().count() < TARGET_LINES {
        unit(&mut out, &mut rng, n);
        n += 1;
    }
    out
}

fn compile(c: &mut Criterion) {
    let source = program();
    if let Ok(path) = std::env::var("GENE_BENCH_DUMP") {
        std::fs::write(&path, &source).expect("GENE_BENCH_DUMP names a writable file");
    }
    let data = gene_syntax::parse_str(&source).expect("the generated program reads");
    // A compile error would time the error path: check once before timing.
    gene_compiler::compile_program(&data, &mut gene_compiler::Globals::new())
        .expect("the generated program compiles");
    let mut group = c.benchmark_group("compile");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("program_5000_lines", |b| {
        b.iter(|| {
            let mut globals = gene_compiler::Globals::new();
            gene_compiler::compile_program(black_box(&data), &mut globals)
        })
    });
    // What a macro's `$caller_eval` compiles at every call: a small form in an
    // environment of the caller's variables.
    let form = gene_syntax::parse_str("(if (a > b) (c + #\"#{d}x\") else (for x in e (f x)))")
        .expect("the form reads");
    let env: Vec<String> = ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .map(|name| name.to_string())
        .collect();
    group.throughput(Throughput::Elements(1));
    group.bench_function("eval_small_form", |b| {
        let mut globals = gene_compiler::Globals::new();
        b.iter(|| gene_compiler::compile_eval(black_box(&form), &env, &mut globals))
    });
    group.finish();
}

criterion_group!(benches, compile);
criterion_main!(benches);
