//! The implementations each program runs on: gene itself, and the peers it is measured
//! against, found on `PATH` (`--install-peers` installs them from the distribution).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{run, TaskError};

/// One way of running programs: a column of the report.
#[derive(Debug, Clone)]
pub struct Implementation {
    /// The column name, which also says what runs (`luajit -joff` is LuaJIT's interpreter).
    pub name: String,
    /// Which twin it runs: `NAME.EXTENSION` in `gene-bench/programs`.
    pub extension: &'static str,
    /// The command before the program's path, executable first.
    pub argv: Vec<OsString>,
    /// What the implementation says its version is.
    pub version: String,
    /// Anything a reader of the report should know about how it was run.
    pub note: Option<String>,
}

impl Implementation {
    /// The full command for one program file.
    pub fn command(&self, program: &Path) -> Vec<OsString> {
        let mut argv = self.argv.clone();
        argv.push(program.as_os_str().to_owned());
        argv
    }

    /// The full command for one program file and the program's own arguments.
    pub fn command_with(&self, program: &Path, args: &[String]) -> Vec<OsString> {
        let mut argv = self.command(program);
        argv.extend(args.iter().map(OsString::from));
        argv
    }

    /// The command as a reader would type it, with `FILE` for the program.
    pub fn shown(&self) -> String {
        let mut words: Vec<String> = self
            .argv
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        words.push(format!("NAME.{}", self.extension));
        words.join(" ")
    }
}

/// A peer that is not installed, with what to do about it.
#[derive(Debug, Clone)]
pub struct Missing {
    pub name: String,
    pub note: String,
}

/// A peer language implementation the programs have twins for.
struct Peer {
    name: &'static str,
    executable: &'static str,
    flags: &'static [&'static str],
    extension: &'static str,
    version_args: &'static [&'static str],
    /// Arguments that make the interpreter print its own executable's path, so a version
    /// manager's wrapper script (pyenv, rbenv) is not timed along with it.
    self_path_args: &'static [&'static str],
    /// Debian package that provides it.
    package: &'static str,
    note: Option<&'static str>,
}

const PEERS: &[Peer] = &[
    Peer {
        name: "python3",
        executable: "python3",
        flags: &[],
        extension: "py",
        version_args: &["--version"],
        self_path_args: &["-c", "import sys; print(sys.executable)"],
        package: "python3",
        note: None,
    },
    Peer {
        name: "lua5.4",
        executable: "lua5.4",
        flags: &[],
        extension: "lua",
        version_args: &["-v"],
        self_path_args: &[],
        package: "lua5.4",
        note: None,
    },
    Peer {
        name: "luajit",
        executable: "luajit",
        flags: &[],
        extension: "lua",
        version_args: &["-v"],
        self_path_args: &[],
        package: "luajit",
        note: Some("JIT compiler on (LuaJIT's default)"),
    },
    Peer {
        name: "luajit -joff",
        executable: "luajit",
        flags: &["-joff"],
        extension: "lua",
        version_args: &["-v"],
        self_path_args: &[],
        package: "luajit",
        note: Some("JIT compiler off: LuaJIT's bytecode interpreter alone"),
    },
    Peer {
        name: "ruby",
        executable: "ruby",
        flags: &[],
        extension: "rb",
        version_args: &["--version"],
        self_path_args: &["-e", "print RbConfig.ruby"],
        package: "ruby",
        note: None,
    },
];

/// The packages `--install-peers` always installs. python3 is added only when missing:
/// it is usually present, and upgrading it is not this task's business.
const PEER_PACKAGES: &[&str] = &["lua5.4", "luajit", "ruby"];

/// gene, run as a user runs it: `gene run FILE`.
pub fn gene(binary: &Path, commit: &str) -> Implementation {
    let reported = first_line_of(binary.as_os_str(), &["--version"]);
    let version = match reported {
        Some(version) => format!("{version} ({commit})"),
        None => commit.to_string(),
    };
    Implementation {
        name: "gene".into(),
        extension: "gene",
        argv: vec![binary.as_os_str().to_owned(), "run".into()],
        version,
        note: Some("release build of this checkout".into()),
    }
}

/// Another gene binary (a release build of another commit, kept aside) as the column
/// `against`, so that a report or a count compares two builds in one interleaved session:
/// on a noisy machine, ratios from two sessions do not compare.
pub fn against(binary: &Path) -> Result<Implementation, TaskError> {
    if !binary.is_file() {
        return Err(TaskError::Usage(format!(
            "`--against {}`: no such gene binary",
            binary.display()
        )));
    }
    let mut other = gene(binary, "compared against");
    other.name = "against".into();
    other.note = Some("another gene binary, given by `--against`".into());
    Ok(other)
}

/// Looks for every peer on `PATH`.
pub fn find_peers() -> Vec<Result<Implementation, Missing>> {
    PEERS.iter().map(find_peer).collect()
}

fn find_peer(peer: &Peer) -> Result<Implementation, Missing> {
    let Some(on_path) = which(peer.executable) else {
        return Err(Missing {
            name: peer.name.into(),
            note: format!(
                "`{}` is not on PATH (Debian package `{}`; `cargo xtask bench --install-peers` \
                 installs the peers)",
                peer.executable, peer.package
            ),
        });
    };
    let mut notes: Vec<String> = peer.note.map(String::from).into_iter().collect();
    let executable = match own_path(&on_path, peer.self_path_args) {
        Some(real) if !same_file(&real, &on_path) => {
            notes.push(format!(
                "`{}` on PATH is {}, a wrapper; timed as {} directly",
                peer.executable,
                on_path.display(),
                real.display()
            ));
            real
        }
        _ => on_path,
    };
    let version = first_line_of(executable.as_os_str(), peer.version_args)
        .map(|line| tidy_version(&line))
        .unwrap_or_else(|| "version unknown".into());
    let mut argv = vec![executable.into_os_string()];
    argv.extend(peer.flags.iter().map(OsString::from));
    Ok(Implementation {
        name: peer.name.into(),
        extension: peer.extension,
        argv,
        version,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

/// Asks an interpreter where its real executable is (see `Peer::self_path_args`).
fn own_path(executable: &Path, args: &[&str]) -> Option<PathBuf> {
    if args.is_empty() {
        return None;
    }
    let line = first_line_of(executable.as_os_str(), args)?;
    let path = PathBuf::from(line.trim());
    path.is_file().then_some(path)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Runs a short informational command and returns the first non-empty line it printed on
/// stdout or, failing that, stderr (some interpreters print their version there).
fn first_line_of(program: &std::ffi::OsStr, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    [&output.stdout, &output.stderr].iter().find_map(|bytes| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(String::from)
    })
}

/// Drops the copyright notices some interpreters print after their version.
fn tidy_version(line: &str) -> String {
    let cut = [" -- ", "  Copyright", " Copyright"]
        .iter()
        .filter_map(|marker| line.find(marker))
        .min()
        .unwrap_or(line.len());
    line[..cut].trim().to_string()
}

/// Finds an executable on `PATH`, as a shell would.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// `--install-peers`: installs the peers from the distribution's packages with apt-get
/// (through sudo when not running as root).
pub fn install_peers() -> Result<(), TaskError> {
    if which("apt-get").is_none() {
        return Err(TaskError::Failed(format!(
            "--install-peers uses apt-get, which is not on PATH; install {} and python3 with \
             this system's package manager",
            PEER_PACKAGES.join(", ")
        )));
    }
    let packages = install_list(which("python3").is_some());
    let sudo = !running_as_root() && which("sudo").is_some();
    let apt = |args: &[&str]| {
        let mut command = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut apt(&["update"]))?;
    let mut install_args = vec!["install", "-y"];
    install_args.extend(packages.iter().copied());
    run(&mut apt(&install_args))
}

/// The packages to install; python3 only when it is missing.
fn install_list(have_python: bool) -> Vec<&'static str> {
    let mut packages = PEER_PACKAGES.to_vec();
    if !have_python {
        packages.push("python3");
    }
    packages
}

fn running_as_root() -> bool {
    first_line_of("id".as_ref(), &["-u"]).is_some_and(|uid| uid == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_lose_their_copyright_notices() {
        assert_eq!(
            tidy_version("Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio"),
            "Lua 5.4.4"
        );
        assert_eq!(
            tidy_version("LuaJIT 2.1.0-beta3 -- Copyright (C) 2005-2017 Mike Pall."),
            "LuaJIT 2.1.0-beta3"
        );
        assert_eq!(tidy_version("Python 3.11.7"), "Python 3.11.7");
    }

    #[test]
    fn install_list_adds_python_only_when_missing() {
        assert_eq!(install_list(true), vec!["lua5.4", "luajit", "ruby"]);
        assert_eq!(
            install_list(false),
            vec!["lua5.4", "luajit", "ruby", "python3"]
        );
    }

    #[test]
    fn every_peer_has_its_package_and_a_distinct_name() {
        let mut names: Vec<&str> = PEERS.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PEERS.len());
        for peer in PEERS {
            assert!(
                PEER_PACKAGES.contains(&peer.package) || peer.package == "python3",
                "{} is not installed by --install-peers",
                peer.name
            );
        }
    }

    #[test]
    fn commands_end_with_the_program() {
        let lua = Implementation {
            name: "luajit -joff".into(),
            extension: "lua",
            argv: vec!["/usr/bin/luajit".into(), "-joff".into()],
            version: "LuaJIT 2.1".into(),
            note: None,
        };
        assert_eq!(lua.shown(), "/usr/bin/luajit -joff NAME.lua");
        let argv = lua.command(Path::new("/p/fib.lua"));
        assert_eq!(argv.last().unwrap(), "/p/fib.lua");
        assert_eq!(argv.len(), 3);
    }
}
