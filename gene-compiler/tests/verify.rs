//! The verifier accepts what the compiler makes and rejects each kind of bad bytecode with
//! a reason naming the function, the address and the instruction.

use gene_compiler::isa::{
    ConstIdx, Count, GlobalSlot, IcSlot, Instr, Jump, ProtoIdx, Reg, ShortJump,
};
use gene_compiler::{compile_program, verify, Constant, FunctionProto, Globals, UpvalSource};

fn function(registers: u8, code: &[Instr]) -> FunctionProto {
    let mut words = Vec::new();
    for instr in code {
        instr.encode(&mut words);
    }
    FunctionProto {
        name: "f".into(),
        registers,
        code: words,
        ..FunctionProto::default()
    }
}

fn rejection(proto: &FunctionProto) -> String {
    verify(proto, 4)
        .expect_err("bad bytecode passes")
        .to_string()
}

const RETURN: Instr = Instr::Return { a: Reg(0) };

#[test]
fn compiled_programs_pass() {
    let source = r#"
        (fn fib [n] (if (n < 2) n else ((fib (n - 1)) + (fib (n - 2)))))
        (var total 0)
        (for i in (0 .. 10) (total += (fib i)))
        (fn make [k] (fn [x] (x + k)))
        (var xs [1 2 3 "a" `b])
        (try (throw "x") catch * (println $ex) finally (println "done"))
        (for x in xs (println #"item #{x}" (xs .size)))
        (println ((make 2) total))
        (var f (async (fib 3)))
        (println (await f) (await ^timeout 10 f (async (throw "no"))))
    "#;
    let data = gene_syntax::parse_str(source).expect("reads");
    let mut globals = Globals::new();
    let proto = compile_program(&data, &mut globals).expect("compiles");
    assert_eq!(verify(&proto, globals.len()), Ok(()));
    // A module with fewer globals than the code names is rejected.
    assert!(verify(&proto, 0).is_err());
}

#[test]
fn registers_past_the_frame() {
    let proto = function(
        2,
        &[
            Instr::Move {
                a: Reg(0),
                b: Reg(2),
            },
            RETURN,
        ],
    );
    assert_eq!(
        rejection(&proto),
        "in f at 0: Move: register 2 is past the function's 2"
    );
}

#[test]
fn implicit_register_ranges() {
    // A call's arguments run past the frame.
    let call = function(
        3,
        &[
            Instr::Call {
                func: Reg(1),
                argc: Count(2),
            },
            RETURN,
        ],
    );
    assert_eq!(
        rejection(&call),
        "in f at 0: Call: registers r1..r4 run past the frame's 3"
    );
    // A keyword map follows the arguments.
    let fits = function(
        3,
        &[
            Instr::Call {
                func: Reg(0),
                argc: Count(2),
            },
            RETURN,
        ],
    );
    assert_eq!(verify(&fits, 0), Ok(()));
    let keywords = function(
        3,
        &[
            Instr::CallKw {
                func: Reg(0),
                argc: Count(2),
            },
            RETURN,
        ],
    );
    assert!(rejection(&keywords).contains("r0..r4"));
    // A loop uses four registers from its first.
    let for_next = function(
        4,
        &[
            Instr::ForNext {
                a: Reg(1),
                to: ShortJump(0),
            },
            RETURN,
        ],
    );
    assert!(rejection(&for_next).contains("ForNext: registers r1..r5"));
    let array = function(
        4,
        &[
            Instr::NewArray {
                a: Reg(0),
                start: Reg(2),
                count: Count(3),
            },
            RETURN,
        ],
    );
    assert!(rejection(&array).contains("NewArray"));
}

#[test]
fn jumps_land_on_instructions() {
    // `GetProp` takes two words; a jump into its second word is rejected.
    let mut proto = function(
        2,
        &[
            Instr::Jump { to: Jump(1) },
            Instr::GetProp {
                a: Reg(0),
                obj: Reg(1),
                key: ConstIdx(0),
                ic: IcSlot(0),
            },
            RETURN,
        ],
    );
    proto.constants.push(Constant::Symbol("x".into()));
    proto.ic_slots = 1;
    assert_eq!(
        rejection(&proto),
        "in f at 0: Jump: the jump to 2 does not land on an instruction"
    );
    let out = function(
        1,
        &[
            Instr::JumpIfFalse {
                a: Reg(0),
                to: ShortJump(-5),
            },
            RETURN,
        ],
    );
    assert!(rejection(&out).contains("the jump to -4"));
    let past_end = function(
        1,
        &[
            Instr::TryBegin {
                a: Reg(0),
                to: Jump(1),
            },
            RETURN,
        ],
    );
    assert!(rejection(&past_end).contains("TryBegin: the jump to 3"));
}

#[test]
fn code_cannot_run_past_its_end() {
    let proto = function(1, &[Instr::LoadNil { a: Reg(0) }]);
    assert_eq!(
        rejection(&proto),
        "in f at 0: the code runs past its end after LoadNil"
    );
    assert_eq!(
        rejection(&function(1, &[])),
        "in f: the function has no code"
    );
}

#[test]
fn words_that_are_not_instructions() {
    let mut proto = function(1, &[RETURN]);
    proto.code.insert(0, 0xff);
    assert_eq!(rejection(&proto), "in f at 0: unknown opcode 0xff at 0");
    let mut truncated = function(1, &[RETURN]);
    let mut two_words = Vec::new();
    Instr::GetProp {
        a: Reg(0),
        obj: Reg(0),
        key: ConstIdx(0),
        ic: IcSlot(0),
    }
    .encode(&mut two_words);
    truncated.code.push(two_words[0]);
    assert!(rejection(&truncated).contains("runs past the end"));
}

#[test]
fn tables_the_code_names() {
    let constant = function(
        1,
        &[
            Instr::LoadConst {
                a: Reg(0),
                k: ConstIdx(0),
            },
            RETURN,
        ],
    );
    assert!(rejection(&constant).contains("constant 0 is past the function's 0"));
    let global = function(
        1,
        &[
            Instr::GetGlobal {
                a: Reg(0),
                slot: GlobalSlot(4),
            },
            RETURN,
        ],
    );
    assert!(rejection(&global).contains("global slot 4 is past the function's 4"));
    let child = function(
        1,
        &[
            Instr::Closure {
                a: Reg(0),
                proto: ProtoIdx(0),
            },
            RETURN,
        ],
    );
    assert!(rejection(&child).contains("child function 0"));
    // A method name must be a name.
    let mut method = function(
        2,
        &[
            Instr::CallMethod {
                func: Reg(0),
                argc: Count(0),
                name: ConstIdx(0),
                ic: IcSlot(0),
            },
            RETURN,
        ],
    );
    method.constants.push(Constant::Int(3));
    method.ic_slots = 1;
    assert!(rejection(&method).contains("constant k0 is not a name"));
}

#[test]
fn closures_capture_what_exists() {
    let mut inner = function(1, &[RETURN]);
    inner.name = "inner".into();
    inner.upvalues.push(UpvalSource::Local(5));
    let mut outer = function(
        2,
        &[
            Instr::Closure {
                a: Reg(0),
                proto: ProtoIdx(0),
            },
            RETURN,
        ],
    );
    outer.protos.push(inner);
    assert_eq!(
        rejection(&outer),
        "in inner: a captured register 5 is past the enclosing function's 2"
    );
}

#[test]
fn async_instructions_stay_in_the_frame() {
    let timeout = function(
        2,
        &[
            Instr::AwaitFor {
                a: Reg(0),
                b: Reg(1),
                c: Reg(2),
            },
            RETURN,
        ],
    );
    assert_eq!(
        rejection(&timeout),
        "in f at 0: AwaitFor: register 2 is past the function's 2"
    );
    let failed = function(
        1,
        &[
            Instr::Failed {
                a: Reg(0),
                b: Reg(1),
            },
            RETURN,
        ],
    );
    assert_eq!(
        rejection(&failed),
        "in f at 0: Failed: register 1 is past the function's 1"
    );
}
