//! The architecture, checked: `src/` is a folder per layer, and code in one layer names
//! only its own layer and the layers below it (`crate::<layer>::…` paths), with no
//! import cycle between modules and no source file over 600 lines. Unit-test code
//! (`#[cfg(test)]` modules and `tests.rs` files) may use any layer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each layer and the layers its code may name, bottom first.
const LAYERS: [(&str, &[&str]); 6] = [
    ("types", &[]),
    ("pipeline", &["types"]),
    ("assess", &["types", "pipeline"]),
    ("classifier", &["types", "pipeline", "assess"]),
    ("service", &["types", "pipeline", "assess", "classifier"]),
    ("training", &["types", "pipeline", "assess", "classifier"]),
];

const MAX_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The non-test code of a file, without comments (line comments only: the crate
/// has no block comments).
fn code_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start() == "#[cfg(test)]" && !line.starts_with(' ') {
            let rest = text.split_once(line).map_or("", |(_, r)| r);
            // `#[cfg(test)] mod tests;` declares a test file; a block ends the code.
            if !rest.trim_start().starts_with("mod tests;") {
                break;
            }
            continue;
        }
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        lines.push(line);
    }
    lines
}

/// Every `crate::a::b` path in `line`: (a, b), b empty when the path has one segment.
fn crate_paths(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` or a longer identifier
        }
        let first = ident(rest);
        let after = &rest[first.len()..];
        let second = after.strip_prefix("::").map(ident).unwrap_or_default();
        out.push((first, second));
    }
    out
}

struct Source {
    /// Path relative to `src/`.
    name: String,
    /// The layer (first folder), or `None` for `lib.rs`.
    layer: Option<String>,
    /// `layer::module`: the module of the layer the file belongs to.
    module: String,
    lines: usize,
    /// The `crate::` paths of its non-test code.
    uses: Vec<(String, String)>,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(&src).unwrap();
            let parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            let layer = (parts.len() > 1).then(|| parts[0].clone());
            let module = match parts.len() {
                1 => parts[0].clone(),
                2 if parts[1] == "mod" => parts[0].clone(),
                _ => format!("{}::{}", parts[0], parts[1]),
            };
            let is_test_file = parts.last().is_some_and(|p| p == "tests");
            let uses = if is_test_file {
                Vec::new()
            } else {
                code_lines(&text)
                    .into_iter()
                    .flat_map(crate_paths)
                    .collect()
            };
            Source {
                name: rel.to_string_lossy().into_owned(),
                layer,
                module,
                lines: text.lines().count(),
                uses,
            }
        })
        .collect()
}

#[test]
fn every_file_lies_in_a_layer_folder() {
    let layers: BTreeSet<&str> = LAYERS.iter().map(|(l, _)| *l).collect();
    for s in sources() {
        match &s.layer {
            Some(layer) => assert!(layers.contains(layer.as_str()), "{}: no layer", s.name),
            None => assert_eq!(s.name, "lib.rs", "{}: outside the layer folders", s.name),
        }
    }
}

#[test]
fn imports_run_from_the_upper_layers_down() {
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.into_iter().collect();
    let mut checked = 0;
    for s in sources() {
        let Some(layer) = &s.layer else { continue };
        for (to, _) in &s.uses {
            checked += 1;
            assert!(
                to == layer || allowed[layer.as_str()].contains(&to.as_str()),
                "{} (layer {layer}) uses crate::{to}: only {:?} and itself",
                s.name,
                allowed[layer.as_str()]
            );
        }
    }
    assert!(
        checked > 100,
        "only {checked} crate paths found: is the scan broken?"
    );
}

#[test]
fn no_import_cycle_between_modules() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources() {
        if s.layer.is_none() {
            continue;
        }
        let from = edges.entry(s.module.clone()).or_default();
        for (layer, module) in &s.uses {
            let to = if module.is_empty() || layer == "classifier" {
                layer.clone()
            } else {
                format!("{layer}::{module}")
            };
            if to != s.module {
                from.insert(to);
            }
        }
    }
    // Depth-first search; a module met again while on the stack closes a cycle.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            panic!("import cycle: {} -> {node}", stack[at..].join(" -> "));
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done);
    }
    assert!(edges.len() > 15, "only {} modules found", edges.len());
}

#[test]
fn source_files_stay_short() {
    for s in sources() {
        assert!(
            s.lines <= MAX_LINES,
            "{} has {} lines (at most {MAX_LINES}): split it by concept",
            s.name,
            s.lines
        );
    }
}

#[test]
fn the_scan_sees_paths_and_skips_comments() {
    assert_eq!(
        crate_paths("use crate::pipeline::lexicon::{Lexicon, WordInfo};"),
        [("pipeline".to_string(), "lexicon".to_string())]
    );
    assert!(crate_paths("$crate::x").is_empty());
    assert_eq!(
        code_lines("a\n// crate::x\n#[cfg(test)]\nmod t {}\n"),
        ["a"]
    );
    assert_eq!(
        code_lines("a\n#[cfg(test)]\nmod tests;\nb\n"),
        ["a", "mod tests;", "b"]
    );
}
