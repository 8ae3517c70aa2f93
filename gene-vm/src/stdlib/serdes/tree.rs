//! The filesystem tree form of the serialization (the reference's `write_tree` /
//! `read_tree`): a value is one serialized file, `PATH.gene`, unless selectors ask for some
//! of its nodes to be folders. In a folder a map's entries are files or folders named
//! after their keys (percent-encoded), an array's items are named by a hash of their
//! text and listed in order in `_genearray.gene`, and a gene has `_genetype`, a
//! `_geneprops` map folder and a `_genechildren` array folder. A selector names the node
//! whose children get files of their own: `/*` the root's, `/a/*` those of the root's
//! entry `a`. Reading finds the form from what is on disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{from_text, to_text};
use crate::heap::{Array, Gene, Map, PropMap};
use crate::print::type_name;
use crate::runtime::errors::ErrorKind;
use crate::stdlib::args;
use crate::value::Value;
use crate::vm::{Vm, VmError};

const GENETYPE: &str = "_genetype";
const PROPS: &str = "_geneprops";
const CHILDREN: &str = "_genechildren";
const ARRAY: &str = "_genearray";

/// Node paths (keys, indexes and the gene part names from the root) that are folders.
type Folders = HashSet<Vec<String>>;

pub(super) fn write_tree(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    let folders = match args.get(2) {
        Some(&list) => selectors(vm, list)?,
        None => Folders::new(),
    };
    let base = vm.temp_roots.len();
    let result = write_root(vm, &path, args[1], &folders);
    vm.temp_roots.truncate(base);
    result.map(|()| Value::NIL)
}

pub(super) fn read_tree(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    let base = vm.temp_roots.len();
    let result = read_root(vm, &path);
    vm.temp_roots.truncate(base);
    result
}

fn misuse(message: String) -> VmError {
    VmError::argument_error(format!("gene/serdes/write_tree: {message}"))
}

fn io_error(what: &str, path: &Path, error: std::io::Error) -> VmError {
    VmError::of(
        ErrorKind::Io,
        format!("{what}: cannot use {}: {error}", path.display()),
    )
}

/// The folders the selectors (`/*`, `/a/*`, as symbols or strings) ask for, with every
/// folder on the way to them.
fn selectors(vm: &Vm, list: Value) -> Result<Folders, VmError> {
    let mut folders = Folders::new();
    for &item in args::items(vm, list) {
        let Some(text) = vm.key_name(item) else {
            return Err(misuse(format!(
                "a selector is a path such as /* or /a/*, not a {}",
                type_name(vm, item)
            )));
        };
        let mut parts: Vec<&str> = text.split('/').collect();
        if parts.first() == Some(&"self") {
            parts[0] = "";
        }
        if parts.len() < 2 || !parts[0].is_empty() || parts.last() != Some(&"*") {
            return Err(misuse(format!(
                "a selector starts at the root and ends with /*, as /* or /a/*, not {text}"
            )));
        }
        let parent: Vec<String> = parts[1..parts.len() - 1]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for len in 0..=parent.len() {
            folders.insert(parent[..len].to_vec());
        }
    }
    Ok(folders)
}

/// A key as a file name: every byte but letters, digits and `-._~` as `%XX`.
fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn with_extension(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gene");
    PathBuf::from(name)
}

// ---------------------------------------------------------------------------------------
// Writing

fn write_root(vm: &mut Vm, path: &str, value: Value, folders: &Folders) -> Result<(), VmError> {
    if path.ends_with(".gene") {
        if !folders.is_empty() {
            return Err(misuse(format!(
                "{path} names a file, so no node of it can be a folder"
            )));
        }
        return write_file(vm, Path::new(path), value);
    }
    write_node(vm, Path::new(path), value, &[], folders, false)
}

/// The node at `segments`, as `path.gene` or, when selected, the folder `path`.
fn write_node(
    vm: &mut Vm,
    path: &Path,
    value: Value,
    segments: &[String],
    folders: &Folders,
    markers: bool,
) -> Result<(), VmError> {
    remove_base(path)?;
    if !folders.contains(segments) {
        return write_file(vm, &with_extension(path), value);
    }
    vm.push_root(value);
    let heap = &vm.heap;
    if let Some(map) = heap.downcast::<Map>(value) {
        let entries: Vec<(String, Value)> = map
            .get(heap)
            .0
            .iter()
            .map(|(&k, &v)| (vm.symbols.name(k).to_string(), v))
            .collect();
        write_map(vm, path, entries, segments, folders, markers)
    } else if let Some(array) = heap.downcast::<Array>(value) {
        let items = array.get(heap).0.clone();
        write_array(vm, path, &items, segments, folders)
    } else if let Some(gene) = heap.downcast::<Gene>(value) {
        let gene = gene.get(heap);
        let (head, children) = (gene.head, gene.children.clone());
        let props: Vec<(String, Value)> = gene
            .props
            .iter()
            .map(|(&k, &v)| (vm.symbols.name(k).to_string(), v))
            .collect();
        make_dir(path)?;
        write_node(
            vm,
            &path.join(GENETYPE),
            head,
            &child(segments, GENETYPE),
            folders,
            false,
        )?;
        let props_at = child(segments, PROPS);
        if !props.is_empty() || folders.contains(&props_at) {
            write_map(vm, &path.join(PROPS), props, &props_at, folders, true)?;
        }
        let children_at = child(segments, CHILDREN);
        if !children.is_empty() || folders.contains(&children_at) {
            write_array(vm, &path.join(CHILDREN), &children, &children_at, folders)?;
        }
        Ok(())
    } else {
        let at = format!("/{}", segments.join("/"));
        Err(misuse(format!(
            "the node at {at} is a {}; only a Map, Array or Gene can be a folder",
            type_name(vm, value)
        )))
    }
}

fn child(segments: &[String], name: &str) -> Vec<String> {
    let mut path = segments.to_vec();
    path.push(name.to_string());
    path
}

fn write_map(
    vm: &mut Vm,
    path: &Path,
    mut entries: Vec<(String, Value)>,
    segments: &[String],
    folders: &Folders,
    markers: bool,
) -> Result<(), VmError> {
    if !markers && entries.iter().any(|(key, _)| key == GENETYPE) {
        return Err(misuse(format!(
            "a map written as a folder cannot have the key {GENETYPE}, which marks a gene"
        )));
    }
    make_dir(path)?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, value) in entries {
        vm.push_root(value);
        let at = child(segments, &key);
        write_node(vm, &path.join(encode(&key)), value, &at, folders, false)?;
    }
    Ok(())
}

fn write_array(
    vm: &mut Vm,
    path: &Path,
    items: &[Value],
    segments: &[String],
    folders: &Folders,
) -> Result<(), VmError> {
    make_dir(path)?;
    let mut used = std::collections::HashMap::<String, usize>::new();
    let mut ids = Vec::with_capacity(items.len());
    for (index, &item) in items.iter().enumerate() {
        vm.push_root(item);
        let base = format!(
            "v{:012x}",
            fnv1a(to_text(vm, item)?.as_bytes()) & 0xffff_ffff_ffff
        );
        let count = used.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = match *count {
            1 => base,
            n => format!("{base}-{n}"),
        };
        write_node(
            vm,
            &path.join(&id),
            item,
            &child(segments, &index.to_string()),
            folders,
            false,
        )?;
        ids.push(id);
    }
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        names.push(vm.string(id)?);
    }
    let order = vm.new_array(names)?;
    write_file(vm, &path.join(format!("{ARRAY}.gene")), order)
}

/// FNV-1a: a stable hash, so an item keeps its file name from one run to the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn write_file(vm: &mut Vm, path: &Path, value: Value) -> Result<(), VmError> {
    let text = to_text(vm, value)?;
    let fail = |e| io_error("gene/serdes/write_tree", path, e);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    // Written beside and moved into place, so a reader never sees half a file.
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(fail)
}

fn make_dir(path: &Path) -> Result<(), VmError> {
    std::fs::create_dir_all(path).map_err(|e| io_error("gene/serdes/write_tree", path, e))
}

/// Removes what an earlier write left at `path`: `path.gene` and the folder `path`.
fn remove_base(path: &Path) -> Result<(), VmError> {
    let fail = |e| io_error("gene/serdes/write_tree", path, e);
    let file = with_extension(path);
    if file.is_file() {
        std::fs::remove_file(&file).map_err(fail)?;
    }
    if path.is_dir() {
        std::fs::remove_dir_all(path).map_err(fail)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reading: every value made stays rooted until `read_tree` returns.

fn read_error(message: String) -> VmError {
    VmError::of(ErrorKind::Io, format!("gene/serdes/read_tree: {message}"))
}

fn read_root(vm: &mut Vm, path: &str) -> Result<Value, VmError> {
    let path = Path::new(path);
    if path.extension().is_some_and(|e| e == "gene") && path.is_file() {
        return read_file(vm, path);
    }
    read_named(vm, path)
}

/// The node `path.gene` or folder `path`, whichever is there.
fn read_named(vm: &mut Vm, path: &Path) -> Result<Value, VmError> {
    let file = with_extension(path);
    match (file.is_file(), path.is_dir()) {
        (true, true) => Err(read_error(format!(
            "both {} and the folder {} are there",
            file.display(),
            path.display()
        ))),
        (true, false) => read_file(vm, &file),
        (false, true) => read_dir(vm, path),
        (false, false) => Err(read_error(format!(
            "nothing at {} (no {} and no folder)",
            path.display(),
            file.display()
        ))),
    }
}

fn read_file(vm: &mut Vm, path: &Path) -> Result<Value, VmError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| io_error("gene/serdes/read_tree", path, e))?;
    let value = from_text(vm, &text)?;
    vm.push_root(value);
    Ok(value)
}

/// A folder's entries that are nodes: `(name, is_folder)`, sorted, `.gene` cut off files.
fn entries(path: &Path) -> Result<Vec<(String, bool)>, VmError> {
    let fail = |e| io_error("gene/serdes/read_tree", path, e);
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().map_err(fail)?.is_dir();
        if is_dir {
            found.push((name, true));
        } else if let Some(stem) = name.strip_suffix(".gene") {
            found.push((stem.to_string(), false));
        }
    }
    found.sort();
    Ok(found)
}

fn read_dir(vm: &mut Vm, path: &Path) -> Result<Value, VmError> {
    let genetype = path.join(GENETYPE);
    if genetype.is_dir() || with_extension(&genetype).is_file() {
        let head = read_named(vm, &genetype)?;
        let value = vm.new_gene(head)?;
        vm.push_root(value);
        let props = match path.join(PROPS) {
            at if at.is_dir() => read_map(vm, &at)?,
            _ => PropMap::default(),
        };
        let children = match path.join(CHILDREN) {
            at if at.is_dir() => read_array(vm, &at)?.unwrap_or_default(),
            _ => Vec::new(),
        };
        let gene = vm.heap.downcast::<Gene>(value).expect("made above");
        let gene = gene.get_mut(&mut vm.heap);
        gene.props = props;
        gene.children = children;
        return Ok(value);
    }
    let value = match read_array(vm, path)? {
        Some(items) => vm.new_array(items)?,
        None => {
            let map = read_map(vm, path)?;
            vm.new_map(map)?
        }
    };
    vm.push_root(value);
    Ok(value)
}

fn read_map(vm: &mut Vm, path: &Path) -> Result<PropMap, VmError> {
    let mut map = PropMap::default();
    for (name, _) in entries(path)? {
        let value = read_named(vm, &path.join(&name))?;
        let key = vm.symbols.intern(&decode(&name));
        map.insert(key, value);
    }
    Ok(map)
}

/// The items of an array folder, or `None` when the folder is not one: it has an order
/// file listing distinct names, and exactly the nodes it lists.
fn read_array(vm: &mut Vm, path: &Path) -> Result<Option<Vec<Value>>, VmError> {
    let order_file = path.join(format!("{ARRAY}.gene"));
    if !order_file.is_file() {
        return Ok(None);
    }
    let order = read_file(vm, &order_file)?;
    let Some(items) = vm.array_items(order) else {
        return Ok(None);
    };
    let ids: Option<Vec<String>> = items
        .iter()
        .map(|&id| vm.as_str(id).map(str::to_string))
        .collect();
    let Some(ids) = ids else { return Ok(None) };
    let listed: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let present = entries(path)?;
    let nodes: Vec<&str> = present
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| *name != ARRAY)
        .collect();
    let mut unique = nodes.clone();
    unique.dedup();
    if listed.len() != ids.len()
        || unique.len() != nodes.len()
        || nodes.len() != ids.len()
        || nodes.iter().any(|name| !listed.contains(name))
    {
        return Ok(None);
    }
    let mut values = Vec::with_capacity(ids.len());
    for id in &ids {
        values.push(read_named(vm, &path.join(id))?);
    }
    Ok(Some(values))
}
