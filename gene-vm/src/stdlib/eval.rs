//! Code as data at run time: `$caller_eval` (a macro evaluates a form in its caller's
//! scope) and `$render` (fills a quoted template's `%` unquotes).

use std::rc::Rc;

use gene_syntax::Span;

use super::declare::builtins;
use crate::heap::{Closure, Env, Gene, ObjectKind, Unquote, Upvalue};
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// Evaluates a form in the scope of the running macro's caller (globally outside one).
    global "$caller_eval" (form: Any) => caller_eval;
    /// A quoted template with its `%` unquotes evaluated in the macro caller's scope.
    global "$render" (template: Any) => render;
}

fn caller_eval(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let env = vm.current_macro_env();
    vm.eval_value_in(args[0], env)
}

fn render(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let env = vm.current_macro_env();
    let roots = vm.temp_roots.len();
    let result = vm.render_value(args[0], env, 0);
    vm.temp_roots.truncate(roots);
    result
}

/// How many compiled `$caller_eval` forms are kept for reuse.
const MAX_CACHED_EVALS: usize = 512;

/// How deeply `$render` follows nested templates.
const MAX_TEMPLATE_DEPTH: usize = 100;

impl Vm {
    /// The caller environment of the running macro, if a macro is running.
    fn current_macro_env(&self) -> Option<Value> {
        let depth = self.frames.len().checked_sub(1)?;
        match self.macro_envs.last() {
            Some(&(d, env)) if d == depth => Some(env),
            _ => None,
        }
    }

    /// Evaluates the code `code` (data, as a value) with the variables of `env`, or in the
    /// global scope.
    pub(crate) fn eval_value_in(
        &mut self,
        code: Value,
        env: Option<Value>,
    ) -> Result<Value, VmError> {
        let datum = self.value_to_datum(code, Span::default())?;
        let env = env.and_then(|env| self.heap.downcast::<Env>(env));
        let names: Rc<[String]> = match env {
            Some(env) => env.get(&self.heap).names.clone(),
            None => Rc::from(Vec::new()),
        };
        // Code is compiled against the globals of the module it runs in: the caller's.
        let module = self.running_module();
        let key = (
            module.value().to_bits(),
            gene_syntax::print(&datum),
            names.clone(),
        );
        let function = match self.eval_cache.get(&key) {
            Some(function) => *function,
            None => {
                let proto = gene_compiler::compile_eval(
                    std::slice::from_ref(&datum),
                    &names,
                    &mut module.get_mut(&mut self.heap).names,
                )
                .map_err(|error| {
                    let file = self.running_module().get(&self.heap).source.clone();
                    VmError::from_compile(error, "<eval>", file)
                })?;
                self.grow_module(module);
                let function = self.load(proto, module)?;
                // Cached code stays alive; a program that evaluates ever new code must not
                // keep all of it.
                if self.eval_cache.len() >= MAX_CACHED_EVALS {
                    self.eval_cache.clear();
                }
                self.eval_cache.insert(key, function);
                function
            }
        };
        let sources = function.get(&self.heap).proto.upvalues.clone();
        let mut upvalues = Vec::with_capacity(sources.len());
        for source in sources {
            let gene_compiler::UpvalSource::Local(index) = source else {
                return Err(VmError::new("evaluated code reached past its environment"));
            };
            let upvalue: crate::heap::Gc<Upvalue> = env
                .map(|env| env.get(&self.heap).upvalues[usize::from(index)])
                .ok_or_else(|| VmError::new("evaluated code has no environment"))?;
            upvalues.push(upvalue);
        }
        let closure = self
            .heap
            .alloc(Closure {
                function,
                upvalues: upvalues.into_boxed_slice(),
            })
            .map_err(out_of_memory)?
            .value();
        self.call_value(closure, &[])
    }

    /// `template` with its unquotes replaced by their values. Values made on the way are
    /// rooted on `temp_roots`; the caller truncates them.
    fn render_value(
        &mut self,
        template: Value,
        env: Option<Value>,
        depth: usize,
    ) -> Result<Value, VmError> {
        if depth > MAX_TEMPLATE_DEPTH {
            return Err(VmError::new(format!(
                "a template nested more than {MAX_TEMPLATE_DEPTH} deep (or containing itself) cannot be rendered"
            )));
        }
        match self.heap.kind_of(template) {
            Some(ObjectKind::Unquote) => {
                let inner = self.heap.downcast::<Unquote>(template).expect("kind");
                let code = inner.get(&self.heap).value;
                self.eval_value_in(code, env)
            }
            Some(ObjectKind::Array) => {
                let items = self.array_items(template).expect("kind").clone();
                // The unquotes' code may change the template; the copies must stay alive.
                self.temp_roots.extend_from_slice(&items);
                let result = self.new_array(Vec::with_capacity(items.len()))?;
                self.push_root(result);
                for item in items {
                    if let Some(value) = self.render_item(item, env, depth + 1)? {
                        self.array_items_mut(result).expect("array").push(value);
                    }
                }
                Ok(result)
            }
            Some(ObjectKind::Map) => {
                let entries: Vec<_> = self
                    .map_entries(template)
                    .expect("kind")
                    .iter()
                    .map(|(&k, &v)| (k, v))
                    .collect();
                self.temp_roots.extend(entries.iter().map(|&(_, v)| v));
                let result = self.new_map(Default::default())?;
                self.push_root(result);
                for (key, item) in entries {
                    let value = self.render_value(item, env, depth + 1)?;
                    self.map_entries_mut(result)
                        .expect("map")
                        .insert(key, value);
                }
                Ok(result)
            }
            Some(ObjectKind::Gene) => {
                let gene = self.heap.downcast::<Gene>(template).expect("kind");
                let (head, props, children) = {
                    let gene = gene.get(&self.heap);
                    let props: Vec<_> = gene.props.iter().map(|(&k, &v)| (k, v)).collect();
                    (gene.head, props, gene.children.clone())
                };
                self.temp_roots.push(head);
                self.temp_roots.extend(props.iter().map(|&(_, v)| v));
                self.temp_roots.extend_from_slice(&children);
                let result = self.new_gene(Value::NIL)?;
                self.push_root(result);
                let head = self.render_value(head, env, depth + 1)?;
                let target = self.heap.downcast::<Gene>(result).expect("gene");
                target.get_mut(&mut self.heap).head = head;
                for (key, item) in props {
                    let value = self.render_value(item, env, depth + 1)?;
                    target.get_mut(&mut self.heap).props.insert(key, value);
                }
                for child in children {
                    if let Some(value) = self.render_item(child, env, depth + 1)? {
                        target.get_mut(&mut self.heap).children.push(value);
                    }
                }
                Ok(result)
            }
            _ => Ok(template),
        }
    }

    /// An item of an array or gene: `%_x` is evaluated and left out.
    fn render_item(
        &mut self,
        item: Value,
        env: Option<Value>,
        depth: usize,
    ) -> Result<Option<Value>, VmError> {
        if let Some(unquote) = self.heap.downcast::<Unquote>(item) {
            let Unquote { value, discard } = *unquote.get(&self.heap);
            if discard {
                self.eval_value_in(value, env)?;
                return Ok(None);
            }
        }
        let value = self.render_value(item, env, depth)?;
        self.push_root(value);
        Ok(Some(value))
    }
}
