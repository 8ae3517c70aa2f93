//! The system slice of the standard library seen by an embedder: `exit` is an outcome the
//! host decides about, never the end of the host's process; files, the environment and
//! child processes through the embedding API.

mod common;

use common::{prints, Captured};
use gene_vm::{ErrorKind, EvalError, Vm};

fn exit_code_of(vm: &mut Vm, code: &str) -> Option<u8> {
    match vm.eval(code) {
        Err(EvalError::Runtime(error)) => error.exit_code(),
        _ => None,
    }
}

#[test]
fn exit_reaches_the_host_as_an_outcome_and_the_vm_goes_on() {
    let captured = Captured::default();
    let mut vm = Vm::new();
    vm.set_output(Box::new(captured.clone()));
    let code = "(fn f [] (try (exit 7) catch * (println \"caught\") finally (println \"finally\")))
                (println \"start\") (f) (println \"after\")";
    assert_eq!(exit_code_of(&mut vm, code), Some(7));
    assert_eq!(captured.text(), "start\n");
    // The host is still running, and so is the VM.
    assert_eq!(exit_code_of(&mut vm, "(exit)"), Some(0));
    vm.eval("(println \"again\")")
        .expect("the VM still runs code");
    assert_eq!(captured.text(), "start\nagain\n");
    let Err(EvalError::Runtime(error)) = vm.eval("(exit 2)") else {
        panic!("exit is an error outcome")
    };
    assert_eq!(error.kind, ErrorKind::Exit(2));
}

#[test]
fn exit_from_a_host_call_and_from_async_code() {
    let mut vm = Vm::new();
    let f = vm.eval("(fn [] (async (exit 4)))").expect("a function");
    let error = vm.call(&f, &[]).expect_err("exit");
    assert_eq!(error.exit_code(), Some(4));
}

#[test]
// Tests that touch the file system skip Miri, which does not emulate it.
#[cfg_attr(miri, ignore)]
fn files_round_trip_and_errors_name_the_path() {
    let dir = std::env::temp_dir().join(format!("gene-vm-system-test-{}", std::process::id()));
    let dir = dir.display();
    prints(
        &format!(
            "(gene/fs/mkdir \"{dir}\")
             (gene/io/write (gene/fs/join \"{dir}\" \"f.txt\") \"x\")
             (gene/io/append (gene/fs/join \"{dir}\" \"f.txt\") \"y\")
             (println (gene/io/read (gene/fs/join \"{dir}\" \"f.txt\")) (gene/fs/list \"{dir}\"))
             (gene/fs/remove_dir \"{dir}\")
             (println (gene/fs/exists? \"{dir}\"))
             (try (gene/io/read \"{dir}/f.txt\") catch IOError (println $ex/message))"
        ),
        &format!("xy [f.txt]\nfalse\ncannot read {dir}/f.txt: No such file or directory\n"),
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn env_follows_set_env_and_unset_env() {
    prints(
        "(println $env/GENE_VM_SYSTEM_TEST)
         (set_env \"GENE_VM_SYSTEM_TEST\" \"on\")
         (println $env/GENE_VM_SYSTEM_TEST (get_env \"GENE_VM_SYSTEM_TEST\"))
         (unset_env \"GENE_VM_SYSTEM_TEST\")
         (println (has_env \"GENE_VM_SYSTEM_TEST\") (get_env \"GENE_VM_SYSTEM_TEST\" 0))",
        "void\non on\nfalse 0\n",
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_process_survives_collections_while_it_runs() {
    prints(
        "(var p (system/Process/start \"cat\"))
         (for i in (range 0 20)
           (p .write_line #\"line #{i}\")
           (var junk [])
           (for j in (range 0 50) (junk .push [j #\"#{j}\"]))
           (if (i == 19) (println (p .read_line ^timeout 5))))
         (p .close_stdin)
         (var n 0)
         (while ((p .read_line ^timeout 5) != nil) (n += 1))
         (println n (p .wait ^timeout 5))",
        "line 0\n20 0\n",
    );
}
