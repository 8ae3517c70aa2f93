use std::collections::HashSet;

use super::*;

/// One instance of every instruction, with operands at the edges of their ranges.
fn samples() -> Vec<Instr> {
    let (r0, r255) = (Reg(0), Reg(255));
    vec![
        Instr::Move { a: r0, b: r255 },
        Instr::LoadNil { a: r255 },
        Instr::LoadVoid { a: r0 },
        Instr::LoadTrue { a: Reg(7) },
        Instr::LoadFalse { a: Reg(8) },
        Instr::LoadInt {
            a: Reg(1),
            value: Imm16(i16::MIN),
        },
        Instr::LoadConst {
            a: Reg(2),
            k: ConstIdx(u16::MAX),
        },
        Instr::GetGlobal {
            a: Reg(3),
            slot: GlobalSlot(u16::MAX),
        },
        Instr::SetGlobal {
            a: Reg(3),
            slot: GlobalSlot(0),
        },
        Instr::GetUpval {
            a: Reg(4),
            u: UpvalIdx(255),
        },
        Instr::SetUpval {
            a: Reg(4),
            u: UpvalIdx(0),
        },
        Instr::CloseUpvals { from: Reg(9) },
        Instr::Add {
            a: r0,
            b: Reg(1),
            c: r255,
        },
        Instr::Sub {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Mul {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Div {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Mod {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::AddI {
            a: r0,
            b: Reg(1),
            imm: Imm8(-128),
        },
        Instr::SubI {
            a: r0,
            b: Reg(1),
            imm: Imm8(127),
        },
        Instr::Neg { a: r0, b: Reg(1) },
        Instr::Not { a: r0, b: Reg(1) },
        Instr::Eq {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Ne {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Lt {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Le {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::JumpUnlessLt {
            a: r0,
            b: Reg(1),
            to: ShortJump(i16::MIN),
        },
        Instr::JumpUnlessLe {
            a: r0,
            b: r255,
            to: ShortJump(1),
        },
        Instr::JumpUnlessEq {
            a: r0,
            b: r255,
            to: ShortJump(2),
        },
        Instr::JumpUnlessNe {
            a: r0,
            b: r255,
            to: ShortJump(3),
        },
        Instr::JumpUnlessLeI {
            a: r0,
            imm: Imm8(5),
            to: ShortJump(4),
        },
        Instr::JumpUnlessGtI {
            a: r0,
            imm: Imm8(-5),
            to: ShortJump(5),
        },
        Instr::JumpUnlessGeI {
            a: r0,
            imm: Imm8(i8::MIN),
            to: ShortJump(6),
        },
        Instr::JumpUnlessEqI {
            a: r0,
            imm: Imm8(0),
            to: ShortJump(7),
        },
        Instr::JumpUnlessNeI {
            a: r0,
            imm: Imm8(i8::MAX),
            to: ShortJump(8),
        },
        Instr::JumpUnlessLtI {
            a: r0,
            imm: Imm8(-1),
            to: ShortJump(i16::MAX),
        },
        Instr::CallWith {
            func: Reg(4),
            argc: Count(3),
            a: r0,
            b: r255,
            c: Reg(2),
        },
        Instr::CallSelfWith {
            func: r255,
            argc: Count(1),
            a: Reg(7),
            b: r255,
            c: r255,
        },
        Instr::CallMethod0 {
            func: Reg(3),
            recv: r255,
            name: ConstIdx(7),
            ic: IcSlot(u16::MAX),
        },
        Instr::CallMethod1 {
            func: r255,
            recv: Reg(1),
            arg: Reg(2),
            name: ConstIdx(u16::MAX),
            ic: IcSlot(9),
        },
        Instr::JumpIfLt {
            a: r0,
            b: r255,
            to: ShortJump(-9),
        },
        Instr::JumpIfLe {
            a: r255,
            b: r0,
            to: ShortJump(9),
        },
        Instr::JumpIfLtI {
            a: r0,
            imm: Imm8(-7),
            to: ShortJump(-10),
        },
        Instr::JumpIfLeI {
            a: r0,
            imm: Imm8(7),
            to: ShortJump(10),
        },
        Instr::JumpIfGtI {
            a: r255,
            imm: Imm8(i8::MIN),
            to: ShortJump(i16::MIN),
        },
        Instr::JumpIfGeI {
            a: r0,
            imm: Imm8(i8::MAX),
            to: ShortJump(i16::MAX),
        },
        Instr::Jump {
            to: Jump(Jump::MIN),
        },
        Instr::JumpIfFalse {
            a: r0,
            to: ShortJump(-3),
        },
        Instr::JumpIfTrue {
            a: r255,
            to: ShortJump(3),
        },
        Instr::Call {
            func: Reg(5),
            argc: Count(255),
        },
        Instr::Xor {
            a: r0,
            b: Reg(1),
            c: r255,
        },
        Instr::MulI {
            a: r0,
            b: r255,
            imm: Imm8(-128),
        },
        Instr::ModI {
            a: r255,
            b: r0,
            imm: Imm8(127),
        },
        Instr::StrCat {
            a: r255,
            b: r0,
            c: Reg(7),
        },
        Instr::MatchVariant {
            a: r0,
            b: r255,
            c: Reg(3),
            binders: Count(2),
        },
        Instr::MatchBare {
            a: r255,
            b: Reg(1),
            slot: GlobalSlot(65535),
            binders: Count(255),
        },
        Instr::Destructure {
            a: Reg(7),
            b: r255,
            count: Count(254),
            k: ConstIdx(65535),
        },
        Instr::TryUnwrap {
            a: r0,
            b: r255,
            to: ShortJump(-7),
        },
        Instr::SkipContracts { to: ShortJump(12) },
        Instr::IsA {
            a: r255,
            b: Reg(1),
            c: r0,
        },
        Instr::CallKw {
            func: Reg(5),
            argc: Count(3),
        },
        Instr::CallMacro {
            func: Reg(9),
            argc: Count(2),
        },
        Instr::MakeEnv {
            a: r0,
            layout: EnvIdx(7),
        },
        Instr::JumpIfDefined {
            a: r255,
            to: ShortJump(-7),
        },
        Instr::CallSelf {
            func: Reg(5),
            argc: Count(1),
        },
        Instr::TailCall {
            func: Reg(5),
            argc: Count(0),
        },
        Instr::TailCallSelf {
            func: Reg(5),
            argc: Count(2),
        },
        Instr::Throw { a: r255 },
        Instr::Await { a: r0, b: r255 },
        Instr::AwaitFor {
            a: r255,
            b: Reg(1),
            c: r0,
        },
        Instr::Completed { a: r0, b: r255 },
        Instr::Failed { a: r255, b: r0 },
        Instr::TryBegin {
            a: r0,
            to: Jump(Jump::MAX),
        },
        Instr::TryEnd {},
        Instr::Return { a: r0 },
        Instr::Closure {
            a: r0,
            proto: ProtoIdx(u16::MAX),
        },
        Instr::NewArray {
            a: r0,
            start: Reg(1),
            count: Count(3),
        },
        Instr::AppendArray {
            a: r0,
            start: Reg(1),
            count: Count(255),
        },
        Instr::NewMap { a: r255 },
        Instr::Freeze { a: r0 },
        Instr::NewGene { a: r0, b: Reg(1) },
        Instr::AppendChildren {
            a: r0,
            start: Reg(1),
            count: Count(2),
        },
        Instr::NewRange {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::Concat {
            a: r0,
            start: Reg(1),
            count: Count(4),
        },
        Instr::CallMethod {
            func: r255,
            argc: Count(255),
            name: ConstIdx(u16::MAX),
            ic: IcSlot(u16::MAX),
        },
        Instr::Catches {
            a: r0,
            b: r255,
            c: r0,
        },
        Instr::Yield { a: r255 },
        Instr::IterPairs { a: r0 },
        Instr::NewNamespace {
            a: r255,
            name: ConstIdx(3),
        },
        Instr::Import {
            a: r0,
            path: ConstIdx(u16::MAX),
        },
        Instr::ImportName {
            a: r255,
            from: r0,
            name: ConstIdx(4),
        },
        Instr::ImportAll { from: r255 },
        Instr::ModuleNs { a: r255 },
        Instr::NewClass {
            a: r0,
            name: ConstIdx(u16::MAX),
            parent: r255,
        },
        Instr::DefMethod {
            class: r255,
            name: ConstIdx(7),
            method: r0,
        },
        Instr::New {
            func: r255,
            argc: Count(255),
        },
        Instr::NewKw {
            func: r0,
            argc: Count(2),
        },
        Instr::CallMethodKw {
            func: r0,
            argc: Count(1),
            name: ConstIdx(2),
            ic: IcSlot(3),
        },
        Instr::CallSuper {
            func: r0,
            argc: Count(3),
            name: ConstIdx(u16::MAX),
            ic: IcSlot(9),
        },
        Instr::AssertPresent { a: r0 },
        Instr::IterPrep { a: r0 },
        Instr::IterNext {
            a: r0,
            to: ShortJump(-5),
        },
        Instr::GetIndex {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::SetIndex {
            a: r0,
            b: Reg(1),
            c: Reg(2),
        },
        Instr::NewSelector {
            a: r255,
            start: Reg(7),
            count: Count(3),
        },
        Instr::Select {
            a: r255,
            b: Reg(1),
            c: Reg(2),
            d: Reg(254),
        },
        Instr::GetProp {
            a: r255,
            obj: r255,
            key: ConstIdx(u16::MAX),
            ic: IcSlot(u16::MAX),
        },
        Instr::SetProp {
            obj: r0,
            value: Reg(1),
            key: ConstIdx(2),
            ic: IcSlot(3),
        },
        Instr::ForPrep { a: r0 },
        Instr::ForNext {
            a: r255,
            to: ShortJump(-10),
        },
        Instr::SpreadItems { a: r0, b: r255 },
        Instr::SpreadProps { a: r255, b: r0 },
        Instr::CallSpread { func: r255 },
        Instr::NewSpread { func: r0 },
        Instr::CallMethodSpread {
            func: r0,
            name: ConstIdx(u16::MAX),
            ic: IcSlot(u16::MAX),
        },
    ]
}

#[test]
fn every_instruction_round_trips_through_its_encoding() {
    let samples = samples();
    let covered: HashSet<Op> = samples.iter().map(Instr::op).collect();
    let missing: Vec<&str> = Op::ALL
        .iter()
        .filter(|op| !covered.contains(op))
        .map(|op| op.name())
        .collect();
    assert!(missing.is_empty(), "add samples for {missing:?}");

    let mut code = Vec::new();
    for instr in &samples {
        let start = code.len();
        instr.encode(&mut code);
        assert_eq!(code.len() - start, instr.op().words(), "{instr:?}");
    }
    let mut pc = 0;
    for expected in &samples {
        let (decoded, next) = Instr::decode(&code, pc).unwrap();
        assert_eq!(&decoded, expected);
        pc = next;
    }
    assert_eq!(pc, code.len());
}

/// A loader that renumbers jumps (gene-vm's decoded code) can rewrite every instruction
/// that has a jump operand, and only those.
#[test]
fn every_jump_operand_can_be_rewritten() {
    for instr in samples() {
        match instr.jump_distance() {
            Some(_) => {
                let moved = instr
                    .with_jump_distance(-3)
                    .expect("a jump target to rewrite");
                assert_eq!(moved.jump_distance(), Some(-3), "{instr:?}");
                assert_eq!(moved.op(), instr.op());
            }
            None => assert_eq!(instr.with_jump_distance(-3), None, "{instr:?}"),
        }
    }
    let far = Instr::JumpIfTrue {
        a: Reg(0),
        to: ShortJump(0),
    };
    assert_eq!(far.with_jump_distance(1 << 20), None);
}

#[test]
fn jumps_keep_their_sign_at_the_extremes() {
    for to in [Jump::MIN, -1, 0, 1, Jump::MAX] {
        let mut code = Vec::new();
        Instr::Jump { to: Jump(to) }.encode(&mut code);
        assert_eq!(
            Instr::decode(&code, 0).unwrap().0,
            Instr::Jump { to: Jump(to) }
        );
    }
}

#[test]
fn register_forms_fit_one_word_and_cached_forms_two() {
    assert_eq!(Op::Add.words(), 1);
    assert_eq!(Op::AddI.words(), 1);
    assert_eq!(Op::Jump.words(), 1);
    assert_eq!(Op::Call.words(), 1);
    assert_eq!(Op::GetProp.words(), 2);
    assert_eq!(Op::JumpUnlessLt.words(), 2);
}

#[test]
fn bad_words_are_decode_errors() {
    let unknown = u32::from(u8::try_from(Op::ALL.len()).unwrap());
    assert_eq!(
        Instr::decode(&[unknown], 0),
        Err(DecodeError::UnknownOpcode {
            pc: 0,
            byte: unknown as u8
        })
    );
    let mut code = Vec::new();
    Instr::GetProp {
        a: Reg(0),
        obj: Reg(1),
        key: ConstIdx(2),
        ic: IcSlot(3),
    }
    .encode(&mut code);
    code.pop();
    assert_eq!(
        Instr::decode(&code, 0),
        Err(DecodeError::Truncated { pc: 0 })
    );
    assert_eq!(Instr::decode(&[], 0), Err(DecodeError::Truncated { pc: 0 }));
}

#[test]
fn every_opcode_is_documented() {
    for op in Op::ALL {
        assert!(!op.doc().is_empty(), "{op}");
        assert_eq!(Op::from_byte(*op as u8), Some(*op));
    }
}

#[test]
fn disassembly_names_operands_and_jump_targets() {
    let mut code = Vec::new();
    for instr in [
        Instr::LoadInt {
            a: Reg(1),
            value: Imm16(0),
        },
        Instr::JumpUnlessLtI {
            a: Reg(0),
            imm: Imm8(2),
            to: ShortJump(2),
        },
        Instr::Return { a: Reg(0) },
        Instr::GetProp {
            a: Reg(2),
            obj: Reg(0),
            key: ConstIdx(1),
            ic: IcSlot(0),
        },
        Instr::Jump { to: Jump(-7) },
    ] {
        instr.encode(&mut code);
    }
    code.push(0xFF);
    let text = disassemble(&code);
    assert_eq!(
        text,
        "0000  LoadInt        r1 0\n\
         0001  JumpUnlessLtI  r0 2 →5\n\
         0003  Return         r0\n\
         0004  GetProp        r2 r0 k1 ic0\n\
         0006  Jump           →0\n\
         0007  0x000000ff  ; unknown opcode 0xff at 7\n"
    );
}
