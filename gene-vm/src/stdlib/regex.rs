//! Regular expressions (spec 13): compiling a pattern with its flags, `(new Regex …)` (also
//! spelled `Regexp`), the Regex methods, match objects (`RegexMatch`) and replacement
//! templates. The String methods that take a pattern (`string_search.rs`) search through
//! the functions here, so a regex behaves the same whichever side of the call it is on.
//!
//! A match keeps the searched string and the byte spans of its groups, and makes its fields
//! (`m/value`, `m/pre_match`, …) when they are read: a scan that makes thousands of matches
//! over a large text then copies nothing it is not asked for.

use gene_syntax::datum::Regex as Source;
use gene_syntax::{Datum, DatumKind, Span};

use super::args;
use super::declare::builtins;
use crate::heap::{Object, PropMap, Regex, Tracer};
use crate::print::{write_value, Show, Style};
use crate::runtime::errors::ErrorKind;
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// The first match in the text, as a RegexMatch, or nil.
    Regex "match" | "process" (text: String) => regex_match;
    /// Whether the regex matches somewhere in the text.
    Regex "match?" (text: String) => regex_matches;
    /// The text of the first match, or nil.
    Regex "find" (text: String) => regex_find;
    /// The text of every non-overlapping match, in order.
    Regex "find_all" | "scan" (text: String) => regex_find_all;
    /// Every non-overlapping match, in order, as RegexMatch values.
    Regex "match_all" (text: String) => regex_match_all;
    /// The pieces of the text between matches, at most limit of them.
    Regex "split" (text: String, ?limit: Int) => regex_split;
    /// The text with the first match replaced (by a template, a function of the match, or the regex's own replacement).
    Regex "replace" | "sub" (text: String, ?replacement: Replacement) => regex_replace;
    /// The text with every match replaced (by a template, a function of the match, or the regex's own replacement).
    Regex "replace_all" | "gsub" (text: String, ?replacement: Replacement) => regex_replace_all;
    /// The pattern as written, without delimiters or flags.
    Regex "pattern" () => pattern;
    /// The matched text.
    RegexMatch "value" () => field_value;
    /// What each group captured, nil for a group that took no part.
    RegexMatch "captures" () => field_captures;
    /// What each named group captured, by name.
    RegexMatch "named_captures" () => field_named_captures;
    /// The character position where the match starts.
    RegexMatch "start" () => field_start;
    /// The character position just after the match.
    RegexMatch "end" () => field_end;
    /// The text before the match.
    RegexMatch "pre_match" () => field_pre_match;
    /// The text after the match.
    RegexMatch "post_match" () => field_post_match;
}

/// Compiles `source`; a pattern the engine refuses is a `ParseException` that names it.
pub(crate) fn compile(source: &Source) -> Result<::regex::Regex, VmError> {
    ::regex::RegexBuilder::new(&source.pattern)
        .case_insensitive(source.ignore_case)
        // `m` is dot-matches-newline, as in the reference (and Ruby); `(?m)` in the pattern
        // makes `^` and `$` match at line ends.
        .dot_matches_new_line(source.multiline)
        .build()
        .map_err(|error| {
            let reason = match &error {
                ::regex::Error::Syntax(text) => text
                    .lines()
                    .rev()
                    .find_map(|line| line.strip_prefix("error: "))
                    .unwrap_or(text)
                    .to_string(),
                other => other.to_string(),
            };
            let written = gene_syntax::print(&literal(source.clone()));
            VmError::of(
                ErrorKind::Parse,
                format!("invalid regex {written}: {reason}"),
            )
        })
}

fn literal(source: Source) -> Datum {
    Datum::new(DatumKind::Regex(Box::new(source)), Span::new(0, 0))
}

/// A Regex value of `source`, compiled once here.
pub(crate) fn new_regex(vm: &mut Vm, source: Source) -> Result<Value, VmError> {
    let compiled = compile(&source)?;
    Ok(vm
        .heap
        .alloc(Regex {
            literal: literal(source),
            compiled,
        })
        .map_err(out_of_memory)?
        .value())
}

/// `(new Regex ^^i ^^m pattern [replacement])`.
pub(crate) fn construct(
    vm: &mut Vm,
    args: &[Value],
    props: Option<Value>,
) -> Result<Value, VmError> {
    let usage = || {
        VmError::argument_error(
            "new Regex expects (pattern: String, replacement?: String) and the flags ^^i and ^^m",
        )
    };
    let (pattern, replacement) = match args {
        [pattern] => (pattern, None),
        [pattern, replacement] => (pattern, Some(*replacement).filter(|r| !r.is_nil())),
        _ => return Err(usage()),
    };
    let Some(pattern) = vm.as_str(*pattern).map(str::to_string) else {
        return Err(usage());
    };
    let replacement = match replacement {
        None => None,
        Some(text) => Some(vm.as_str(text).ok_or_else(usage)?.to_string()),
    };
    let mut source = Source {
        pattern,
        replacement,
        ignore_case: false,
        multiline: false,
    };
    if let Some(props) = props {
        let flags: Vec<(SymbolId, Value)> = vm
            .map_entries(props)
            .map(|map| map.iter().map(|(&k, &v)| (k, v)).collect())
            .unwrap_or_default();
        for (key, on) in flags {
            match vm.symbols.name(key) {
                "i" => source.ignore_case = on.is_truthy(),
                "m" => source.multiline = on.is_truthy(),
                other => {
                    return Err(VmError::argument_error(format!(
                        "new Regex takes the flags ^^i and ^^m, not ^{other}"
                    )))
                }
            }
        }
    }
    new_regex(vm, source)
}

/// A match: the searched string, the regex (for its group names), the byte spans of the
/// whole match and of each group, and where the match is in characters.
pub struct RegexMatch {
    text: Value,
    regex: Value,
    groups: Box<[Option<(usize, usize)>]>,
    start: usize,
    end: usize,
}

impl Object for RegexMatch {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.text);
        tracer.mark(self.regex);
    }

    fn extra_bytes(&self) -> usize {
        self.groups.len() * std::mem::size_of::<Option<(usize, usize)>>()
    }
}

impl Show for RegexMatch {
    /// `<RegexMatch ^value "user@host" ^start 4 ^end 13>`.
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        let text = vm.as_str(self.text).unwrap_or_default();
        let (from, to) = self.groups[0].unwrap_or_default();
        out.push_str("<RegexMatch ^value ");
        let _ = gene_syntax::print::write_string_literal(out, &text[from..to]);
        out.push_str(&format!(" ^start {} ^end {}>", self.start, self.end));
    }
}

/// The compiled form of a value declared `Regex`.
pub(super) fn compiled(vm: &Vm, regex: Value) -> &::regex::Regex {
    &vm.heap
        .downcast::<Regex>(regex)
        .expect("declared a Regex")
        .get(&vm.heap)
        .compiled
}

/// The literal's replacement, `[\1]` of `#/(\d)/[\1]/`.
fn own_replacement(vm: &Vm, regex: Value) -> Option<String> {
    let regex = vm.heap.downcast::<Regex>(regex).expect("declared a Regex");
    match &regex.get(&vm.heap).literal.kind {
        DatumKind::Regex(source) => source.replacement.clone(),
        _ => None,
    }
}

/// Counts characters up to byte offsets that only grow, so positions of successive
/// matches cost one pass over the text in all.
#[derive(Default)]
pub(super) struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    pub(super) fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = CharCursor::default();
        }
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The spans of the whole match and of each group.
fn spans(captures: &::regex::Captures<'_>) -> Box<[Option<(usize, usize)>]> {
    captures
        .iter()
        .map(|group| group.map(|m| (m.start(), m.end())))
        .collect()
}

fn new_match(
    vm: &mut Vm,
    text: Value,
    regex: Value,
    groups: Box<[Option<(usize, usize)>]>,
    cursor: &mut CharCursor,
) -> Result<Value, VmError> {
    let (from, to) = groups[0].expect("group 0 is the match");
    let source = args::text(vm, text);
    let start = cursor.at(source, from);
    let end = cursor.at(source, to);
    Ok(vm
        .heap
        .alloc(RegexMatch {
            text,
            regex,
            groups,
            start,
            end,
        })
        .map_err(out_of_memory)?
        .value())
}

/// The first match of `regex` in `text`, or nil.
pub(super) fn first_match(vm: &mut Vm, regex: Value, text: Value) -> Result<Value, VmError> {
    let groups = compiled(vm, regex)
        .captures(args::text(vm, text))
        .map(|captures| spans(&captures));
    match groups {
        Some(groups) => new_match(vm, text, regex, groups, &mut CharCursor::default()),
        None => Ok(Value::NIL),
    }
}

/// Every match of `regex` in `text`, as match values.
pub(super) fn all_matches(vm: &mut Vm, regex: Value, text: Value) -> Result<Value, VmError> {
    let found: Vec<_> = compiled(vm, regex)
        .captures_iter(args::text(vm, text))
        .map(|captures| spans(&captures))
        .collect();
    let mut cursor = CharCursor::default();
    let mut items = Vec::with_capacity(found.len());
    for groups in found {
        items.push(new_match(vm, text, regex, groups, &mut cursor)?);
    }
    vm.new_array(items)
}

/// The text of the first match, or nil.
pub(super) fn find_first(vm: &mut Vm, regex: Value, text: Value) -> Result<Value, VmError> {
    let found = compiled(vm, regex)
        .find(args::text(vm, text))
        .map(|m| m.as_str().to_string());
    match found {
        Some(found) => vm.string(found),
        None => Ok(Value::NIL),
    }
}

/// The texts of every match.
pub(super) fn find_every(vm: &mut Vm, regex: Value, text: Value) -> Result<Value, VmError> {
    let source = args::text(vm, text);
    let found: Vec<(usize, usize)> = compiled(vm, regex)
        .find_iter(source)
        .map(|m| (m.start(), m.end()))
        .collect();
    substrings(vm, text, &found)
}

/// An array of the pieces `spans` of the string `text`.
pub(super) fn substrings(
    vm: &mut Vm,
    text: Value,
    spans: &[(usize, usize)],
) -> Result<Value, VmError> {
    let source = vm
        .heap
        .downcast::<crate::heap::Str>(text)
        .expect("declared a String");
    let mut items = Vec::with_capacity(spans.len());
    for &(from, to) in spans {
        items.push(vm.substring(source, from, to)?);
    }
    vm.new_array(items)
}

/// The pieces of `text` between matches, at most `limit` of them.
pub(super) fn split(
    vm: &mut Vm,
    regex: Value,
    text: Value,
    limit: Option<i64>,
) -> Result<Value, VmError> {
    let source = args::text(vm, text);
    let regex = compiled(vm, regex);
    let limit = limit.map_or(usize::MAX, |limit| limit.max(1) as usize);
    let mut pieces = Vec::new();
    let mut last = 0;
    for m in regex.find_iter(source) {
        if pieces.len() + 1 == limit {
            break;
        }
        pieces.push((last, m.start()));
        last = m.end();
    }
    pieces.push((last, source.len()));
    substrings(vm, text, &pieces)
}

/// `(text .replace regex replacement)`: the first match (every match when `all`) replaced
/// by the expanded template, or by what the function answers for the match; without a
/// replacement, by the literal's own (`#/(\d)/[\1]/`).
pub(super) fn replace(
    vm: &mut Vm,
    regex: Value,
    text: Value,
    replacement: Option<Value>,
    all: bool,
) -> Result<Value, VmError> {
    let template = match replacement {
        Some(replacement) => vm.as_str(replacement).map(str::to_string),
        None => Some(own_replacement(vm, regex).ok_or_else(|| {
            VmError::argument_error(format!(
                "replacing with {} needs a replacement: the regex has none of its own",
                crate::print::display(vm, regex, Style::Nested)
            ))
        })?),
    };
    let limit = if all { usize::MAX } else { 1 };
    match template {
        Some(template) => Ok(vm.string(expand_all(vm, regex, text, &template, limit))?),
        None => replace_calling(vm, regex, text, replacement.expect("a function"), limit),
    }
}

/// The text with up to `limit` matches replaced by `template`.
fn expand_all(vm: &Vm, regex: Value, text: Value, template: &str, limit: usize) -> String {
    let source = args::text(vm, text);
    let regex = compiled(vm, regex);
    let mut out = String::with_capacity(source.len());
    let mut last = 0;
    if !template.contains('\\') {
        // No group is named, so finding is enough (much cheaper than capturing).
        for m in regex.find_iter(source).take(limit) {
            out.push_str(&source[last..m.start()]);
            out.push_str(template);
            last = m.end();
        }
    } else {
        for captures in regex.captures_iter(source).take(limit) {
            let whole = captures.get(0).expect("group 0 is the match");
            out.push_str(&source[last..whole.start()]);
            expand(template, &captures, &mut out);
            last = whole.end();
        }
    }
    out.push_str(&source[last..]);
    out
}

/// Appends `template` with `\0` … `\99` replaced by what that group captured (0 is the
/// whole match), `\k<name>` (also `\g<name>`, `\k'name'`) by what the named group captured
/// and `\\` by one backslash; a group that took no part, or does not exist, gives nothing.
/// Any other backslash stays as written.
pub(super) fn expand(template: &str, captures: &::regex::Captures<'_>, out: &mut String) {
    let bytes = template.as_bytes();
    let mut i = 0;
    let mut plain = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            i += 1;
            continue;
        }
        out.push_str(&template[plain..i]);
        let next = bytes[i + 1];
        if next == b'\\' {
            out.push('\\');
            i += 2;
        } else if next.is_ascii_digit() {
            let digits = bytes[i + 1..]
                .iter()
                .take(2)
                .take_while(|b| b.is_ascii_digit())
                .count();
            let group: usize = template[i + 1..i + 1 + digits].parse().expect("digits");
            if let Some(m) = captures.get(group) {
                out.push_str(m.as_str());
            }
            i += 1 + digits;
        } else if let Some((name, used)) = group_name(&template[i + 1..]) {
            if let Some(m) = captures.name(name) {
                out.push_str(m.as_str());
            }
            i += 1 + used;
        } else {
            out.push('\\');
            i += 1;
        }
        plain = i;
    }
    out.push_str(&template[plain..]);
}

/// `k<name>`, `g<name>` or `k'name'` at the start of `rest`: the name, and how many bytes
/// the reference takes.
fn group_name(rest: &str) -> Option<(&str, usize)> {
    let mut chars = rest.chars();
    if !matches!(chars.next(), Some('k' | 'g')) {
        return None;
    }
    let close = match chars.next() {
        Some('<') => '>',
        Some('\'') => '\'',
        _ => return None,
    };
    let end = rest[2..].find(close)?;
    Some((&rest[2..2 + end], 2 + end + 1))
}

/// The text with up to `limit` matches replaced by what `function` answers for each match
/// (a String as it is, anything else as `print` shows it).
fn replace_calling(
    vm: &mut Vm,
    regex: Value,
    text: Value,
    function: Value,
    limit: usize,
) -> Result<Value, VmError> {
    let found: Vec<_> = compiled(vm, regex)
        .captures_iter(args::text(vm, text))
        .take(limit)
        .map(|captures| spans(&captures))
        .collect();
    let mut cursor = CharCursor::default();
    let mut out = String::new();
    let mut last = 0;
    for groups in found {
        let (from, to) = groups[0].expect("group 0 is the match");
        let found = new_match(vm, text, regex, groups, &mut cursor)?;
        let answer = vm.call_value(function, &[found])?;
        out.push_str(&args::text(vm, text)[last..from]);
        write_value(vm, answer, Style::Top, &mut out);
        last = to;
    }
    out.push_str(&args::text(vm, text)[last..]);
    vm.string(out)
}

fn regex_match(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    first_match(vm, args[0], args[1])
}

fn regex_matches(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(
        compiled(vm, args[0]).is_match(args::text(vm, args[1])),
    ))
}

fn regex_find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    find_first(vm, args[0], args[1])
}

fn regex_find_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    find_every(vm, args[0], args[1])
}

fn regex_match_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    all_matches(vm, args[0], args[1])
}

fn regex_split(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let limit = args.get(2).map(|&limit| args::int(vm, limit));
    split(vm, args[0], args[1], limit)
}

fn regex_replace(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    replace(vm, args[0], args[1], args.get(2).copied(), false)
}

fn regex_replace_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    replace(vm, args[0], args[1], args.get(2).copied(), true)
}

fn pattern(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let regex = vm
        .heap
        .downcast::<Regex>(args[0])
        .expect("dispatched on Regex");
    let pattern = match &regex.get(&vm.heap).literal.kind {
        DatumKind::Regex(source) => source.pattern.clone(),
        _ => String::new(),
    };
    vm.string(pattern)
}

/// Field `name` of the match `found`, made now; void for a name a match has no field of.
fn field(vm: &mut Vm, found: Value, name: &str) -> Result<Value, VmError> {
    let found = vm
        .heap
        .downcast::<RegexMatch>(found)
        .expect("dispatched on RegexMatch");
    let (text, regex, start, end) = {
        let m = found.get(&vm.heap);
        (m.text, m.regex, m.start, m.end)
    };
    let groups = found.get(&vm.heap).groups.clone();
    let (from, to) = groups[0].expect("group 0 is the match");
    let piece = |vm: &mut Vm, span: Option<(usize, usize)>| match span {
        Some((from, to)) => {
            let piece = args::text(vm, text)[from..to].to_string();
            vm.string(piece)
        }
        None => Ok(Value::NIL),
    };
    match name {
        "value" => piece(vm, Some((from, to))),
        "start" => vm.int(start as i64),
        "end" => vm.int(end as i64),
        "pre_match" => piece(vm, Some((0, from))),
        "post_match" => {
            let len = args::text(vm, text).len();
            piece(vm, Some((to, len)))
        }
        "captures" => {
            let mut items = Vec::with_capacity(groups.len() - 1);
            for &span in &groups[1..] {
                items.push(piece(vm, span)?);
            }
            vm.new_array(items)
        }
        "named_captures" => {
            let names: Vec<(usize, String)> = compiled(vm, regex)
                .capture_names()
                .enumerate()
                .filter_map(|(i, name)| Some((i, name?.to_string())))
                .collect();
            let mut map = PropMap::default();
            for (i, name) in names {
                let key = vm.symbols.intern(&name);
                let value = piece(vm, groups[i])?;
                map.insert(key, value);
            }
            vm.new_map(map)
        }
        _ => Ok(Value::VOID),
    }
}

/// `m/name` on a match: its field, made now. `None` when `obj` is not a match.
pub(crate) fn match_member(
    vm: &mut Vm,
    obj: Value,
    key: SymbolId,
) -> Option<Result<Value, VmError>> {
    if vm.heap.kind_of(obj) != Some(crate::heap::ObjectKind::RegexMatch) {
        return None;
    }
    let name = vm.symbols.name(key).to_string();
    Some(field(vm, obj, &name))
}

fn field_value(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "value")
}

fn field_captures(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "captures")
}

fn field_named_captures(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "named_captures")
}

fn field_start(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "start")
}

fn field_end(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "end")
}

fn field_pre_match(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "pre_match")
}

fn field_post_match(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args[0], "post_match")
}

/// `Regexp` and `RegexpMatch`, the reference's names of the classes, as globals (so also
/// `gene/Regexp`).
pub(super) fn install(vm: &mut Vm) {
    for (alias, name) in [("Regexp", "Regex"), ("RegexpMatch", "RegexMatch")] {
        let class = vm.builtin_classes.by_name[name];
        vm.set_global_value(alias, class.value());
    }
}

#[cfg(test)]
mod tests {
    use crate::value::Value;
    use crate::vm::Vm;
    use gene_syntax::SourceFile;

    fn value(vm: &mut Vm, code: &str) -> Value {
        let main = vm.main_module;
        vm.run_source_in(&SourceFile::new("<test>", code), main)
            .unwrap_or_else(|_| panic!("{code} runs"))
    }

    /// A literal is compiled when its code is loaded, so every evaluation of it, here each
    /// turn of a loop and each call of a function, gives the one compiled regex.
    #[test]
    fn a_literal_is_compiled_once_however_often_it_is_evaluated() {
        let mut vm = Vm::new();
        let made = value(
            &mut vm,
            "(fn digits [] #/[0-9]+/) \
             (var seen []) \
             (for i in (range 1 5) (seen .push #/a(b)c/i) (seen .push (digits))) \
             seen",
        );
        let items = vm.array_items(made).expect("an array").clone();
        assert_eq!(items.len(), 10);
        for pair in items.chunks(2) {
            assert_eq!(pair[0], items[0], "the loop's literal is one object");
            assert_eq!(pair[1], items[1], "the function's literal is one object");
        }
        assert_ne!(items[0], items[1]);
    }
}
