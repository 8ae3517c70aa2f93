//! Reader throughput on a ~10 MB Gene data file.
//!
//! The input is generated, not checked in: 10 MB of fixture would bloat the repository, and a
//! fixed-seed generator gives every run, on every machine, the same bytes. It imitates an
//! export of application data rather than code, because reading data files (configuration,
//! records, serialised values) is where reader speed matters most; the mix of props, nested
//! collections, escaped strings, dates and comments exercises each lexer path in proportion.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

// Measure the allocator the `gene` binary ships with, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TARGET_BYTES: usize = 10_000_000;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const FIRST: &[&str] = &[
    "Ann", "Bo", "Chen", "Dara", "Émile", "Farah", "Gus", "Hana", "Ines", "José", "Kai", "Lena",
    "Mo", "Noor", "Olu", "Priya", "Quinn", "Rui", "Sven", "Tomás", "Uma", "Vera", "Wen", "Yusuf",
];
const LAST: &[&str] = &[
    "Lee", "Okafor", "Nguyen", "Schmidt", "García", "Kowalski", "Tanaka", "Silva", "O'Brien",
    "Haddad", "Novak", "Petrov", "Rossi", "Dubois", "Kim", "Ahmed",
];
const CITIES: &[(&str, u32)] = &[
    ("Paris", 75001),
    ("Lyon", 69002),
    ("Berlin", 10115),
    ("Zürich", 8001),
    ("Kraków", 30001),
    ("Austin", 73301),
    ("Osaka", 5300001),
    ("São Paulo", 1310000),
];
const TAGS: &[&str] = &[
    "admin",
    "beta",
    "vip",
    "new",
    "churn-risk",
    "eu",
    "us",
    "mobile",
    "desktop",
    "trial",
];
const PAGES: &[&str] = &[
    "home",
    "pricing",
    "docs/intro",
    "docs/api",
    "blog/2024/gene",
    "account/settings",
    "cart",
];
const SYMBOLS: &[&str] = &[
    "pending",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
    "on-hold",
    "draft",
    "archived",
];
const WORDS: &[&str] = &[
    "fast", "reader", "gene", "data", "record", "value", "nested", "quote", "note", "total",
    "order", "ship", "late", "check", "again", "ok",
];

struct Generator {
    rng: Rng,
    out: String,
    next_id: u64,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            out: String::with_capacity(TARGET_BYTES + 4096),
            next_id: 1,
        }
    }

    fn run(mut self) -> String {
        self.out
            .push_str("#< Generated benchmark data: users, orders and events. >#\n");
        while self.out.len() < TARGET_BYTES {
            if self.rng.chance(5) {
                self.comment();
            }
            match self.rng.below(10) {
                0..=4 => self.user(),
                5..=7 => self.order(),
                _ => self.event(),
            }
            self.out.push('\n');
        }
        self.out
    }

    fn comment(&mut self) {
        let id = self.next_id;
        if self.rng.chance(80) {
            let _ = writeln!(self.out, "# batch starting at id {id}, exported nightly");
        } else {
            let _ = writeln!(
                self.out,
                "#< records after {id} were\n   re-imported #< twice >#, see ops log >#"
            );
        }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1 + self.rng.below(3) as u64;
        self.next_id
    }

    fn name(&mut self) -> String {
        format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST))
    }

    fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}",
            2019 + self.rng.below(6),
            1 + self.rng.below(12),
            1 + self.rng.below(28)
        )
    }

    fn money(&mut self) -> String {
        format!("{}.{:02}", self.rng.below(5000), self.rng.below(100))
    }

    /// A sentence with the escapes real exports carry: quotes, newlines, tabs, backslashes
    /// and the odd `\u` escape.
    fn text(&mut self) -> String {
        let mut s = String::from("\"");
        let words = 3 + self.rng.below(10);
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            match self.rng.below(30) {
                0 => s.push_str("\\\"quoted\\\""),
                1 => s.push_str("line\\nbreak"),
                2 => s.push_str("tab\\there"),
                3 => s.push_str("C:\\\\data"),
                4 => s.push_str("caf\\u00e9"),
                _ => s.push_str(self.rng.pick(WORDS)),
            }
        }
        s.push('"');
        s
    }

    fn tags(&mut self) -> String {
        let n = self.rng.below(4);
        let tags: Vec<String> = (0..n)
            .map(|_| format!("\"{}\"", self.rng.pick(TAGS)))
            .collect();
        format!("[{}]", tags.join(" "))
    }

    fn address(&mut self) -> String {
        let (city, zip) = CITIES[self.rng.below(CITIES.len())];
        let street = 1 + self.rng.below(300);
        if self.rng.chance(30) {
            let lat = self.rng.below(180_000) as f64 / 1000.0 - 90.0;
            let lon = self.rng.below(360_000) as f64 / 1000.0 - 180.0;
            format!(
                "{{^city \"{city}\" ^zip {zip} ^street \"{street} Main St\" \
                 ^geo {{^lat {lat:.3} ^lon {lon:.3}}}}}"
            )
        } else {
            format!("{{^city \"{city}\" ^zip {zip} ^street \"{street} Main St\"}}")
        }
    }

    fn user(&mut self) {
        let id = self.id();
        let name = self.name();
        let tags = self.tags();
        let score = self.rng.below(10_000) as f64 / 10.0;
        let active = if self.rng.chance(70) { "true" } else { "false" };
        let address = self.address();
        let _ = write!(
            self.out,
            "(user ^id {id} ^name \"{name}\" ^tags {tags} ^score {score:.1} ^active {active}"
        );
        if self.rng.chance(20) {
            self.out.push_str(" ^^verified");
        }
        if self.rng.chance(10) {
            self.out.push_str(" ^manager nil");
        }
        let _ = write!(self.out, "\n  {address}");
        for _ in 0..self.rng.below(5) {
            let date = self.date();
            let page = self.rng.pick(PAGES);
            let seconds = self.rng.below(600);
            let _ = write!(
                self.out,
                "\n  (visit {date} \"page/{page}\" ^seconds {seconds})"
            );
        }
        if self.rng.chance(25) {
            let note = self.text();
            let _ = write!(self.out, "\n  (note {note})");
        }
        self.out.push(')');
    }

    fn order(&mut self) {
        let id = self.id();
        let customer = self.rng.below(self.next_id as usize) + 1;
        let status = self.rng.pick(SYMBOLS);
        let date = self.date();
        let _ = write!(
            self.out,
            "(order ^id {id} ^customer {customer} ^status {status} ^placed {date}"
        );
        if self.rng.chance(15) {
            let discount = self.money();
            let _ = write!(self.out, " ^discount -{discount}");
        }
        self.out.push_str("\n  ^lines [");
        for i in 0..1 + self.rng.below(6) {
            if i > 0 {
                self.out.push_str("\n          ");
            }
            let sku = self.rng.below(100_000);
            let qty = 1 + self.rng.below(9);
            let price = self.money();
            let _ = write!(
                self.out,
                "{{^sku \"SKU-{sku:05}\" ^qty {qty} ^price {price}}}"
            );
        }
        self.out.push(']');
        let total = self.money();
        let _ = write!(self.out, "\n  ^total {total}");
        if self.rng.chance(30) {
            let matrix: Vec<String> = (0..3)
                .map(|_| {
                    let row: Vec<String> = (0..3).map(|_| self.rng.below(10).to_string()).collect();
                    format!("[{}]", row.join(" "))
                })
                .collect();
            let _ = write!(self.out, "\n  ^dims [{}]", matrix.join(" "));
        }
        if self.rng.chance(20) {
            let text = self.text();
            let _ = write!(self.out, "\n  ^comment {text}");
        }
        self.out.push(')');
    }

    fn event(&mut self) {
        let id = self.id();
        let kind = self
            .rng
            .pick(&["click", "view", "error", "login", "logout"]);
        let date = self.date();
        let hour = self.rng.below(24);
        let minute = self.rng.below(60);
        let user = self.rng.below(self.next_id as usize) + 1;
        let _ = write!(
            self.out,
            "(event ^id {id} ^kind {kind} ^at {date}T{hour:02}:{minute:02}:00Z ^user {user} \
             ^ctx {{^ip \"10.0.{}.{}\" ^agent \"Mozilla/5.0\" ^retries {}}}",
            self.rng.below(256),
            self.rng.below(256),
            self.rng.below(4),
        );
        if self.rng.chance(40) {
            let path = self.rng.pick(PAGES);
            let _ = write!(self.out, " app/{}", path.replace('/', "-"));
        }
        if kind == "error" {
            let text = self.text();
            let _ = write!(
                self.out,
                " (stack ^message {text} [\"main\" \"load\" \"read\"])"
            );
        }
        self.out.push(')');
    }
}

fn reader(c: &mut Criterion) {
    let input = Generator::new(0x9E37_79B9_7F4A_7C15).run();
    // Lets a profiler or `gene parse` run on exactly the bytes measured here.
    if let Some(path) = std::env::var_os("GENE_BENCH_DUMP") {
        std::fs::write(&path, &input).expect("GENE_BENCH_DUMP names a writable file");
    }
    // A benchmark of the error path would be a different benchmark: make sure this one
    // measures a successful read.
    let data = gene_syntax::parse_str(&input).unwrap_or_else(|errors| {
        panic!(
            "generated input must read cleanly, first error: {}",
            errors[0].message
        )
    });
    assert!(
        data.len() > 10_000,
        "the generator should emit many records"
    );

    let mut group = c.benchmark_group("read_10mb");
    // Decimal bytes, so criterion reports MB/s as the README quotes them.
    group.throughput(Throughput::BytesDecimal(input.len() as u64));
    // One iteration takes a good fraction of a second, so a few flat samples give a stable
    // median; the defaults (100 linearly growing samples) would take minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("parse", |b| {
        b.iter(|| gene_syntax::parse_str(black_box(&input)))
    });
    group.bench_function("lex", |b| {
        b.iter(|| gene_syntax::lexer::tokenize(black_box(&input)))
    });
    group.finish();
}

criterion_group!(benches, reader);
criterion_main!(benches);
