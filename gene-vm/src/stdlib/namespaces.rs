//! The built-in namespaces of spec 8.4, as far as the standard library has their contents:
//! `gene`, whose members are the standard library's globals (`gene/println` is `println`),
//! and `genex`, the extensions' namespace, empty since no extension exists yet. Paths such
//! as `gene/io` or `genex/http` are missing members (void), and importing one is an error.

use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::Vm;

pub(super) fn install(vm: &mut Vm) {
    let members: Vec<(String, Value)> = {
        let builtins = vm.builtins.get(&vm.heap);
        (0..builtins.names.len())
            .filter_map(|slot| {
                let slot = gene_compiler::isa::GlobalSlot(slot as u16);
                let name = builtins.names.name(slot);
                // `$`-names are the compiler's hooks and the program's globals (`$args`),
                // not library functions.
                let value = builtins.get(name)?;
                (!name.starts_with('$')).then(|| (name.to_string(), value))
            })
            .collect()
    };
    let gene = namespace(vm, "gene");
    for (name, value) in members {
        let key = vm.symbols.intern(&name);
        gene.get_mut(&mut vm.heap).members.insert(key, value);
    }
    vm.set_global_value("gene", gene.value());
    let genex = namespace(vm, "genex");
    vm.set_global_value("genex", genex.value());
}

fn namespace(vm: &mut Vm, name: &str) -> crate::heap::Gc<Namespace> {
    let name = vm.symbols.intern(name);
    vm.heap
        .alloc(Namespace {
            name,
            members: Default::default(),
        })
        .expect("the heap has room for the standard library")
}
