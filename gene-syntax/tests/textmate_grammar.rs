//! Checks `editors/vscode/syntaxes/gene.tmLanguage.json` against the real lexer.
//!
//! The engine below is a deliberately small TextMate interpreter (match, begin/end, patterns,
//! captures, `include` of `#repo` and `$self`), run line by line with fancy-regex standing in
//! for Oniguruma. It lives here, with dev-dependencies only, so the grammar is checked by the
//! normal `cargo test` without pulling an editor engine into the workspace.

use std::collections::HashMap;

use fancy_regex::Regex;
use gene_syntax::lexer::tokenize;
use gene_syntax::token::Token;
use serde_json::Value;

/// One grammar rule, with its regexes compiled.
enum Rule {
    Match {
        re: Regex,
        name: Option<String>,
    },
    Block {
        begin: Regex,
        end: Regex,
        name: Option<String>,
        /// The scopes of the whole begin and end matches (`beginCaptures`/`endCaptures`
        /// group 0, the only captures the grammar uses).
        begin_scope: Option<String>,
        end_scope: Option<String>,
        patterns: Vec<usize>,
    },
    Group(Vec<usize>),
}

struct Grammar {
    rules: Vec<Rule>,
    root: usize,
}

fn compile(src: &str) -> Regex {
    Regex::new(src).unwrap_or_else(|e| panic!("regex {src:?} does not compile: {e}"))
}

impl Grammar {
    fn load(json: &Value) -> Grammar {
        let mut g = Grammar {
            rules: Vec::new(),
            root: 0,
        };
        let mut named = HashMap::new();
        let repo = json["repository"].as_object().expect("repository");
        // Reserve an index per repository entry first so includes may refer forward.
        for key in repo.keys() {
            named.insert(key.clone(), g.rules.len());
            g.rules.push(Rule::Group(Vec::new()));
        }
        g.root = g.rules.len();
        g.rules.push(Rule::Group(Vec::new()));
        for (key, value) in repo {
            let rule = g.build(value, &named);
            g.rules[named[key]] = rule;
        }
        let root = g.list(&json["patterns"], &named);
        g.rules[g.root] = Rule::Group(root);
        g
    }

    fn list(&mut self, patterns: &Value, named: &HashMap<String, usize>) -> Vec<usize> {
        let Some(items) = patterns.as_array() else {
            return Vec::new();
        };
        items
            .iter()
            .map(|p| match p.get("include").and_then(Value::as_str) {
                Some("$self") => self.root,
                Some(inc) => *named
                    .get(inc.trim_start_matches('#'))
                    .unwrap_or_else(|| panic!("unknown include {inc}")),
                None => {
                    let rule = self.build(p, named);
                    self.rules.push(rule);
                    self.rules.len() - 1
                }
            })
            .collect()
    }

    fn build(&mut self, v: &Value, named: &HashMap<String, usize>) -> Rule {
        let name = v.get("name").and_then(Value::as_str).map(String::from);
        if let Some(m) = v.get("match").and_then(Value::as_str) {
            Rule::Match {
                re: compile(m),
                name,
            }
        } else if let Some(b) = v.get("begin").and_then(Value::as_str) {
            let end = v["end"].as_str().expect("end");
            let patterns = self.list(&v["patterns"], named);
            let capture = |key: &str| {
                v.get(key)
                    .and_then(|c| c.get("0"))
                    .and_then(|c| c.get("name"))
                    .and_then(Value::as_str)
                    .map(String::from)
            };
            Rule::Block {
                begin: compile(b),
                end: compile(end),
                name,
                begin_scope: capture("beginCaptures"),
                end_scope: capture("endCaptures"),
                patterns,
            }
        } else {
            Rule::Group(self.list(&v["patterns"], named))
        }
    }

    /// The match rules and blocks reachable from `ids`, in priority order.
    fn flatten(&self, ids: &[usize], out: &mut Vec<usize>, seen: &mut Vec<usize>) {
        for &id in ids {
            match &self.rules[id] {
                Rule::Group(inner) => {
                    if !seen.contains(&id) {
                        seen.push(id);
                        self.flatten(inner, out, seen);
                        seen.pop();
                    }
                }
                _ => out.push(id),
            }
        }
    }

    /// Scopes per byte of `src`: the stack of names covering each byte.
    fn scopes(&self, src: &str) -> Vec<Vec<String>> {
        let mut per_byte = vec![Vec::new(); src.len()];
        // The open blocks: (rule, scope name).
        let mut stack: Vec<(usize, Option<String>)> = Vec::new();
        let mut line_start = 0;
        for line in src.split('\n') {
            let mut pos = 0;
            while pos <= line.len() {
                let base: Vec<String> = stack.iter().filter_map(|(_, n)| n.clone()).collect();
                let patterns = match stack.last() {
                    Some((id, _)) => match &self.rules[*id] {
                        Rule::Block { patterns, .. } => patterns.clone(),
                        _ => unreachable!(),
                    },
                    None => vec![self.root],
                };
                let mut candidates = Vec::new();
                self.flatten(&patterns, &mut candidates, &mut Vec::new());
                // The earliest match wins; at equal positions, the block's end, then order.
                let mut best: Option<(usize, usize, Option<usize>)> = None;
                if let Some((id, _)) = stack.last() {
                    if let Rule::Block { end, .. } = &self.rules[*id] {
                        if let Some(m) = end.find_from_pos(line, pos).expect("end regex runs") {
                            best = Some((m.start(), m.end(), None));
                        }
                    }
                }
                for id in candidates {
                    let re = match &self.rules[id] {
                        Rule::Match { re, .. } => re,
                        Rule::Block { begin, .. } => begin,
                        Rule::Group(_) => unreachable!(),
                    };
                    if let Some(m) = re.find_from_pos(line, pos).expect("regex runs") {
                        if best.is_none_or(|(s, _, _)| m.start() < s) {
                            best = Some((m.start(), m.end(), Some(id)));
                        }
                    }
                }
                let Some((start, end, rule)) = best else {
                    break;
                };
                let mut mark = |from: usize, to: usize, extra: &[&Option<String>]| {
                    for scopes in &mut per_byte[line_start + from..line_start + to] {
                        let extra = extra.iter().filter_map(|name| name.as_ref());
                        *scopes = base.iter().chain(extra).cloned().collect();
                    }
                };
                mark(pos, start, &[]);
                match rule {
                    None => {
                        let closing = stack.last().map(|(id, _)| &self.rules[*id]);
                        match closing {
                            Some(Rule::Block { end_scope, .. }) => mark(start, end, &[end_scope]),
                            _ => mark(start, end, &[]),
                        }
                        stack.pop();
                    }
                    Some(id) => match &self.rules[id] {
                        Rule::Match { name, .. } => mark(start, end, &[name]),
                        Rule::Block {
                            name, begin_scope, ..
                        } => {
                            mark(start, end, &[name, begin_scope]);
                            stack.push((id, name.clone()));
                        }
                        Rule::Group(_) => unreachable!(),
                    },
                }
                if end == start {
                    // An empty match must still make progress.
                    pos = end + line[end..].chars().next().map_or(1, char::len_utf8);
                } else {
                    pos = end;
                }
            }
            let base: Vec<String> = stack.iter().filter_map(|(_, n)| n.clone()).collect();
            for scopes in per_byte
                .iter_mut()
                .take(line_start + line.len())
                .skip(line_start + pos.min(line.len()))
            {
                *scopes = base.clone();
            }
            line_start += line.len() + 1;
        }
        per_byte
    }
}

fn grammar() -> Grammar {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../editors/vscode/syntaxes/gene.tmLanguage.json"
    );
    let text = std::fs::read_to_string(path).expect("grammar file");
    Grammar::load(&serde_json::from_str(&text).expect("grammar is JSON"))
}

fn has(scopes: &[String], prefix: &str) -> bool {
    scopes.iter().any(|s| s.starts_with(prefix))
}

/// Records a disagreement unless every byte of `from..to` (newlines aside) has a scope
/// starting with `prefix`; with `bounded`, also if the scope spills onto a neighbour.
struct Check<'a> {
    src: &'a str,
    scopes: &'a [Vec<String>],
    bad: Vec<String>,
}

impl Check<'_> {
    fn span(&mut self, from: usize, to: usize, prefix: &str, what: &str, bounded: bool) {
        let (src, scopes) = (self.src, self.scopes);
        for (i, byte_scopes) in scopes.iter().enumerate().take(to).skip(from) {
            if src.as_bytes()[i] != b'\n' && !has(byte_scopes, prefix) {
                self.bad.push(format!(
                    "{what} {:?} at {from}: byte {i} is {byte_scopes:?}",
                    &src[from..to],
                ));
                return;
            }
        }
        if bounded {
            // A string inside an interpolation lies in the outer string's scope too, so a
            // spill is a neighbour as deep in `prefix` scopes as the token itself.
            let depth = |i: usize| scopes[i].iter().filter(|s| s.starts_with(prefix)).count();
            let inner = depth(from);
            for i in [from.wrapping_sub(1), to] {
                if i < src.len() && depth(i) >= inner {
                    self.bad.push(format!(
                        "{what} {:?} at {from}: {prefix} spills to byte {i}",
                        &src[from..to]
                    ));
                }
            }
        }
    }
}

/// Compares the grammar with the lexer on one program; returns the disagreements.
fn disagreements(g: &Grammar, src: &str) -> Vec<String> {
    let scopes = g.scopes(src);
    let (tokens, _) = tokenize(src);
    let mut check = Check {
        src,
        scopes: &scopes,
        bad: Vec::new(),
    };
    let mut last_end = 0;
    for (start, token, end) in &tokens {
        match token {
            Token::Str(_) => check.span(*start, *end, "string.", "string", true),
            Token::InterpStart | Token::InterpText(_) | Token::InterpEnd => {
                check.span(*start, *end, "string.", "interpolated string", false)
            }
            Token::Int(_) | Token::Float(_) => {
                check.span(*start, *end, "constant.numeric.", "number", true)
            }
            _ => {}
        }
        // Non-blank text between tokens is a comment; text inside a token never is.
        if *start > last_end {
            for (i, byte_scopes) in scopes.iter().enumerate().take(*start).skip(last_end) {
                let b = src.as_bytes()[i];
                if !b.is_ascii_whitespace() && b != b',' && !has(byte_scopes, "comment.") {
                    check.bad.push(format!(
                        "byte {i} between tokens is not a comment: {byte_scopes:?}"
                    ));
                    break;
                }
            }
        }
        if (*start..*end).any(|i| has(&scopes[i], "comment.")) {
            check.bad.push(format!(
                "token {:?} at {start} is scoped as a comment",
                &src[*start..*end]
            ));
        }
        last_end = last_end.max(*end);
    }
    check.bad
}

/// Every `.gene` file under `dir`, sorted.
fn gene_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            gene_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "gene") {
            out.push(path);
        }
    }
}

#[test]
fn grammar_agrees_with_the_lexer_on_every_example_and_conformance_program() {
    let g = grammar();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    gene_files(&root.join("examples"), &mut files);
    gene_files(&root.join("tests/conformance"), &mut files);
    assert!(
        files.len() >= 600,
        "expected the corpus, found {}",
        files.len()
    );
    let mut all = Vec::new();
    for file in &files {
        let src = std::fs::read_to_string(file).expect("example");
        for d in disagreements(&g, &src) {
            all.push(format!("{}: {d}", file.display()));
        }
    }
    assert!(
        all.is_empty(),
        "{} disagreements:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// The scope of each non-blank run of `line`, as `text=innermost scope`.
fn snapshot(line: &str) -> Vec<String> {
    let scopes = grammar().scopes(line);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut after_blank = true;
    for (i, c) in line.char_indices() {
        let s = scopes[i].last().cloned().unwrap_or_default();
        match out.last_mut() {
            _ if c.is_whitespace() => {}
            Some((text, last)) if *last == s && !after_blank => text.push(c),
            _ => out.push((c.to_string(), s)),
        }
        after_blank = c.is_whitespace();
    }
    out.into_iter().map(|(t, s)| format!("{t}={s}")).collect()
}

#[test]
fn snapshots_of_small_lines() {
    assert_eq!(
        snapshot("(fn f [a] 1_000)"),
        [
            "(=punctuation.section.brackets.gene",
            "fn=keyword.control.gene",
            "f=variable.other.gene",
            "[=punctuation.section.brackets.gene",
            "a=variable.other.gene",
            "]=punctuation.section.brackets.gene",
            "1_000=constant.numeric.integer.gene",
            ")=punctuation.section.brackets.gene",
        ]
    );
    assert_eq!(
        snapshot("(x ^^flag ^k 0xFF) # done"),
        [
            "(=punctuation.section.brackets.gene",
            "x=variable.other.gene",
            "^^flag=entity.other.attribute-name.flag.gene",
            "^k=entity.other.attribute-name.gene",
            "0xFF=constant.numeric.hex.gene",
            ")=punctuation.section.brackets.gene",
            "#=comment.line.number-sign.gene",
            "done=comment.line.number-sign.gene",
        ]
    );
    assert_eq!(
        snapshot(r#"#"a\n#{b}" #< c ># 1.5e3"#),
        [
            "#\"a=string.quoted.double.interpolated.gene",
            "\\n=constant.character.escape.gene",
            "#{=punctuation.section.interpolation.begin.gene",
            "b=variable.other.gene",
            "}=punctuation.section.interpolation.end.gene",
            "\"=string.quoted.double.interpolated.gene",
            "#<=comment.block.gene",
            "c=comment.block.gene",
            ">#=comment.block.gene",
            "1.5e3=constant.numeric.float.gene",
        ]
    );
}
