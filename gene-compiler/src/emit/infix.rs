//! Operator expressions: infix `(a + b * c)` with precedence, chained comparisons
//! `(a < b < c)`, short-circuit `&&`/`||`, assignment and compound assignment, and the
//! prefix forms `(+ a b c)`, `(- a)`, `(! a)`.

use bumpalo::collections::Vec as BVec;
use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::{CompileError, Compiler, Resolved, Result};
use crate::isa::{Imm8, Instr, Reg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    /// `&|&`: exclusive or of the operands' truth.
    Xor,
    /// `is`: whether a value is an instance of a class.
    Is,
    /// `++`: two Strings joined.
    StrCat,
}

/// `=` and the compound assignments, with the operator they apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Assign {
    Set,
    Update(BinOp),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Operator {
    Binary(BinOp),
    Assign(Assign),
}

fn binary(name: &str) -> Option<BinOp> {
    Some(match name {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Mod,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        "&&" => BinOp::And,
        "||" => BinOp::Or,
        "&|&" => BinOp::Xor,
        "is" => BinOp::Is,
        "++" => BinOp::StrCat,
        _ => return None,
    })
}

fn operator(name: &str) -> Option<Operator> {
    if let Some(op) = binary(name) {
        return Some(Operator::Binary(op));
    }
    let update = match name {
        "=" => return Some(Operator::Assign(Assign::Set)),
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "/=" => BinOp::Div,
        "%=" => BinOp::Mod,
        _ => return None,
    };
    Some(Operator::Assign(Assign::Update(update)))
}

/// The operator of an infix gene `(x OP y …)`: its first child is an operator symbol.
pub(super) fn infix_operator(gene: &Gene) -> Option<Operator> {
    if gene.children.len() < 2 || !gene.props.is_empty() {
        return None;
    }
    gene.children[0].as_symbol().and_then(operator)
}

/// The operator of a prefix gene `(OP a b …)`, or `!`.
pub(super) fn prefix_operator(name: &str) -> Option<Option<BinOp>> {
    if name == "!" {
        return Some(None);
    }
    binary(name).map(Some)
}

/// The level comparisons bind at; they chain (`a < b < c`).
const COMPARISON: u8 = 4;

/// Binding strength, high to low: `* / %`, `+ - ++`, comparisons and `is`, `&&`, `&|&`,
/// `||`.
fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::Xor => 2,
        BinOp::And => 3,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Is => {
            COMPARISON
        }
        BinOp::Add | BinOp::Sub | BinOp::StrCat => 5,
        BinOp::Mul | BinOp::Div | BinOp::Mod => 6,
    }
}

/// An operator expression as a tree.
enum Node<'d> {
    Leaf(&'d Datum),
    Binary(BinOp, Box<Node<'d>>, Box<Node<'d>>, Span),
    /// `a < b <= c`: each operand is evaluated once, and the comparisons are and-ed.
    Chain(Vec<Node<'d>>, Vec<BinOp>, Span),
}

/// Builds the tree of `operands[0] ops[0] operands[1] …` by precedence climbing.
fn climb<'d>(operands: &[&'d Datum], ops: &[(BinOp, Span)]) -> Node<'d> {
    fn parse<'d>(
        operands: &[&'d Datum],
        ops: &[(BinOp, Span)],
        pos: &mut usize,
        min: u8,
    ) -> Node<'d> {
        let mut left = Node::Leaf(operands[*pos]);
        while *pos < ops.len() && precedence(ops[*pos].0) >= min {
            let (op, span) = ops[*pos];
            let level = precedence(op);
            if level == COMPARISON {
                // Gather a comparison chain at this level.
                let mut nodes = vec![left];
                let mut chain = Vec::new();
                while *pos < ops.len() && precedence(ops[*pos].0) == COMPARISON {
                    chain.push(ops[*pos].0);
                    *pos += 1;
                    nodes.push(parse(operands, ops, pos, COMPARISON + 1));
                }
                left = if chain.len() == 1 {
                    let right = nodes.pop().expect("two nodes");
                    let first = nodes.pop().expect("two nodes");
                    Node::Binary(chain[0], Box::new(first), Box::new(right), span)
                } else {
                    Node::Chain(nodes, chain, span)
                };
                continue;
            }
            *pos += 1;
            let right = parse(operands, ops, pos, level + 1);
            left = Node::Binary(op, Box::new(left), Box::new(right), span);
        }
        left
    }
    let mut pos = 0;
    parse(operands, ops, &mut pos, 0)
}

/// `(a OP b)` or `(OP a b)` with one comparison operator.
fn single_comparison(datum: &Datum) -> Option<(BinOp, &Datum, &Datum)> {
    let DatumKind::Gene(gene) = &datum.kind else {
        return None;
    };
    if !gene.props.is_empty() {
        return None;
    }
    let [first, second] = gene.children.as_slice() else {
        return None;
    };
    let (op, left, right) = match first.as_symbol().and_then(binary) {
        Some(op) => (op, &gene.head, second),
        None => (gene.head.as_symbol().and_then(binary)?, first, second),
    };
    (precedence(op) == COMPARISON && op != BinOp::Is).then_some((op, left, right))
}

impl Compiler<'_, '_> {
    /// Emits a jump taken when `condition` is falsy, to be patched; a single comparison is
    /// fused into the jump.
    pub(super) fn jump_unless(&mut self, condition: &Datum) -> Result<usize> {
        let span = condition.span;
        let mark = self.reg_mark();
        let jump = if let Some((op, left, right)) = single_comparison(condition) {
            let a = self.operand(left)?;
            let immediate = match right.kind {
                DatumKind::Int(n) => i8::try_from(n).ok().map(Imm8),
                _ => None,
            };
            if let Some(imm) = immediate {
                self.emit_jump(
                    |to| match op {
                        BinOp::Lt => Instr::JumpUnlessLtI { a, imm, to },
                        BinOp::Le => Instr::JumpUnlessLeI { a, imm, to },
                        BinOp::Gt => Instr::JumpUnlessGtI { a, imm, to },
                        BinOp::Ge => Instr::JumpUnlessGeI { a, imm, to },
                        BinOp::Eq => Instr::JumpUnlessEqI { a, imm, to },
                        _ => Instr::JumpUnlessNeI { a, imm, to },
                    },
                    span,
                )
            } else {
                let b = self.operand(right)?;
                self.emit_jump(
                    |to| match op {
                        BinOp::Lt => Instr::JumpUnlessLt { a, b, to },
                        BinOp::Le => Instr::JumpUnlessLe { a, b, to },
                        // Both operands are evaluated already, so swapping keeps the order.
                        BinOp::Gt => Instr::JumpUnlessLt { a: b, b: a, to },
                        BinOp::Ge => Instr::JumpUnlessLe { a: b, b: a, to },
                        BinOp::Eq => Instr::JumpUnlessEq { a, b, to },
                        _ => Instr::JumpUnlessNe { a, b, to },
                    },
                    span,
                )
            }
        } else {
            let test = self.operand(condition)?;
            self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, span)
        };
        self.free_to(mark);
        Ok(jump)
    }

    pub(super) fn infix(&mut self, gene: &Gene, op: Operator, dest: Reg, span: Span) -> Result<()> {
        if let Operator::Assign(assign) = op {
            return self.assign(&gene.head, assign, &gene.children[1..], dest, span);
        }
        let mut sequence = BVec::with_capacity_in(gene.children.len() + 1, self.arena);
        sequence.push(&gene.head);
        sequence.extend(gene.children.iter());
        self.operator_sequence(&sequence, dest, span)
    }

    /// Compiles `x OP y OP z …`.
    fn operator_sequence(&mut self, sequence: &[&Datum], dest: Reg, span: Span) -> Result<()> {
        let mut operands = BVec::new_in(self.arena);
        let mut ops = BVec::new_in(self.arena);
        for (index, item) in sequence.iter().enumerate() {
            if index % 2 == 0 {
                operands.push(*item);
            } else {
                match item.as_symbol().and_then(binary) {
                    Some(op) => ops.push((op, item.span)),
                    None => {
                        return Err(CompileError::new(
                            "expected an operator between the operands",
                            item.span,
                        ))
                    }
                }
            }
        }
        if operands.len() != ops.len() + 1 {
            return Err(CompileError::new(
                "an operator is missing its right operand",
                span,
            ));
        }
        let tree = climb(&operands, &ops);
        self.node(&tree, dest)
    }

    fn node(&mut self, node: &Node, dest: Reg) -> Result<()> {
        match node {
            Node::Leaf(datum) => self.expr(datum, dest, false),
            Node::Binary(op @ (BinOp::And | BinOp::Or), left, right, span) => {
                self.node(left, dest)?;
                let skip = match op {
                    BinOp::And => self.emit_jump(|to| Instr::JumpIfFalse { a: dest, to }, *span),
                    _ => self.emit_jump(|to| Instr::JumpIfTrue { a: dest, to }, *span),
                };
                self.node(right, dest)?;
                self.patch_jump(skip, *span)
            }
            Node::Binary(op, left, right, span) => {
                let mark = self.reg_mark();
                let b = self.node_operand(left)?;
                if let (BinOp::Add | BinOp::Sub, Node::Leaf(datum)) = (op, right.as_ref()) {
                    if let DatumKind::Int(n) = datum.kind {
                        if let Ok(imm) = i8::try_from(n) {
                            let imm = Imm8(imm);
                            let instr = match op {
                                BinOp::Add => Instr::AddI { a: dest, b, imm },
                                _ => Instr::SubI { a: dest, b, imm },
                            };
                            self.emit(instr, *span);
                            self.free_to(mark);
                            return Ok(());
                        }
                    }
                }
                let c = self.node_operand(right)?;
                self.emit(binary_instr(*op, dest, b, c), *span);
                self.free_to(mark);
                Ok(())
            }
            Node::Chain(nodes, ops, span) => {
                let mark = self.reg_mark();
                let mut skips = BVec::new_in(self.arena);
                let mut left = self.node_operand(&nodes[0])?;
                for (index, op) in ops.iter().enumerate() {
                    let right = self.node_operand(&nodes[index + 1])?;
                    self.emit(binary_instr(*op, dest, left, right), *span);
                    if index + 1 < ops.len() {
                        skips.push(self.emit_jump(|to| Instr::JumpIfFalse { a: dest, to }, *span));
                    }
                    left = right;
                }
                for skip in skips {
                    self.patch_jump(skip, *span)?;
                }
                self.free_to(mark);
                Ok(())
            }
        }
    }

    fn node_operand(&mut self, node: &Node) -> Result<Reg> {
        match node {
            Node::Leaf(datum) => self.operand(datum),
            _ => {
                let span = match node {
                    Node::Binary(.., span) | Node::Chain(.., span) => *span,
                    Node::Leaf(d) => d.span,
                };
                let reg = self.alloc_reg(span)?;
                self.node(node, reg)?;
                Ok(reg)
            }
        }
    }

    /// `(x = value)` and `(x += value)`; `value` may itself be an operator sequence.
    fn assign(
        &mut self,
        target: &Datum,
        assign: Assign,
        value: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        if let Some(name) = self.file_member(target) {
            // `($ns/x = v)` outside any `(ns …)` body assigns the file's global `x`, which
            // the module then exports, as `(var /x v)` would.
            let slot = self.define_global(name, target.span)?;
            self.globals.export(slot);
            let global = Datum::new(DatumKind::Symbol(name.to_string()), target.span);
            return self.assign(&global, assign, value, dest, span);
        }
        let unused = self.take_unused();
        if let DatumKind::ComplexSymbol(parts) = &target.kind {
            let values = BVec::from_iter_in(value.iter(), self.arena);
            return self.assign_path(parts, assign, &values, dest, span);
        }
        let Some(name) = target.as_symbol() else {
            return Err(CompileError::new(
                "only names and paths such as `a/0` or `m/key` can be assigned to",
                target.span,
            ));
        };
        if self.is_immutable(name) {
            return Err(CompileError::new(
                format!("`{name}` is bound by `let` and cannot be assigned"),
                target.span,
            ));
        }
        let resolved = self.resolve(name, target.span)?;
        let place = match resolved {
            Resolved::Local(reg) => reg,
            Resolved::Upval(_) | Resolved::Global(_) | Resolved::Member { .. } => dest,
        };
        let values = BVec::from_iter_in(value.iter(), self.arena);
        match assign {
            Assign::Set => self.right_side(&values, place, span)?,
            Assign::Update(op @ (BinOp::Add | BinOp::Sub))
                if values.len() == 1
                    && matches!(values[0].kind, DatumKind::Int(n) if i8::try_from(n).is_ok()) =>
            {
                let DatumKind::Int(n) = values[0].kind else {
                    unreachable!("matched above")
                };
                let mark = self.reg_mark();
                let b = self.operand(target)?;
                let imm = Imm8(n as i8);
                let instr = match op {
                    BinOp::Add => Instr::AddI { a: place, b, imm },
                    _ => Instr::SubI { a: place, b, imm },
                };
                self.emit(instr, span);
                self.free_to(mark);
            }
            Assign::Update(op) => {
                let mark = self.reg_mark();
                let current = self.operand(target)?;
                let operand = self.right_operand(&values, span)?;
                self.emit(binary_instr(op, place, current, operand), span);
                self.free_to(mark);
            }
        }
        match resolved {
            Resolved::Local(reg) => {
                if reg != dest && !unused {
                    self.emit(Instr::Move { a: dest, b: reg }, span);
                }
            }
            Resolved::Upval(u) => {
                self.emit(Instr::SetUpval { a: dest, u }, span);
            }
            Resolved::Global(slot) => {
                self.emit(Instr::SetGlobal { a: dest, slot }, span);
            }
            // A namespace member assigned by its bare name inside the namespace's body.
            Resolved::Member { .. } => {
                self.define(super::namespace::Target::Member(name), dest, span)?;
            }
        }
        Ok(())
    }

    /// The right side of an assignment, one value or an operator sequence (`(x = a + b)`),
    /// into `dest`.
    pub(super) fn right_side(&mut self, values: &[&Datum], dest: Reg, span: Span) -> Result<()> {
        match values {
            [value] => self.expr(value, dest, false),
            _ => self.operator_sequence(values, dest, span),
        }
    }

    /// The register holding the right side of an assignment.
    pub(super) fn right_operand(&mut self, values: &[&Datum], span: Span) -> Result<Reg> {
        match values {
            [value] => self.operand(value),
            _ => {
                let reg = self.alloc_reg(span)?;
                self.operator_sequence(values, reg, span)?;
                Ok(reg)
            }
        }
    }

    /// `(+ a b c)` folds left; `(- a)` negates; `(! a)` is logical not; `(< a b)` compares.
    pub(super) fn prefix(
        &mut self,
        op: Option<BinOp>,
        args: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let mark = self.reg_mark();
        match (op, args) {
            (None, [value]) => {
                let b = self.operand(value)?;
                self.emit(Instr::Not { a: dest, b }, span);
            }
            (Some(BinOp::Sub), [value]) => {
                let b = self.operand(value)?;
                self.emit(Instr::Neg { a: dest, b }, span);
            }
            (Some(op), [first, rest @ ..]) if !rest.is_empty() => {
                // `(OP a b c)` means `a OP b OP c`, folded left; comparisons chain.
                let tree = if precedence(op) == COMPARISON && rest.len() > 1 {
                    Node::Chain(
                        args.iter().map(Node::Leaf).collect(),
                        vec![op; rest.len()],
                        span,
                    )
                } else {
                    rest.iter().fold(Node::Leaf(first), |left, right| {
                        Node::Binary(op, Box::new(left), Box::new(Node::Leaf(right)), span)
                    })
                };
                self.node(&tree, dest)?;
            }
            _ => return Err(CompileError::new("this operator needs more operands", span)),
        }
        self.free_to(mark);
        Ok(())
    }
}

pub(super) fn binary_instr(op: BinOp, a: Reg, b: Reg, c: Reg) -> Instr {
    match op {
        BinOp::Add => Instr::Add { a, b, c },
        BinOp::Sub => Instr::Sub { a, b, c },
        BinOp::Mul => Instr::Mul { a, b, c },
        BinOp::Div => Instr::Div { a, b, c },
        BinOp::Mod => Instr::Mod { a, b, c },
        BinOp::Eq => Instr::Eq { a, b, c },
        BinOp::Ne => Instr::Ne { a, b, c },
        BinOp::Lt => Instr::Lt { a, b, c },
        BinOp::Le => Instr::Le { a, b, c },
        // `b > c` is `c < b`; both operands are already evaluated, so order is kept.
        BinOp::Gt => Instr::Lt { a, b: c, c: b },
        BinOp::Ge => Instr::Le { a, b: c, c: b },
        BinOp::Xor => Instr::Xor { a, b, c },
        BinOp::Is => Instr::IsA { a, b, c },
        BinOp::StrCat => Instr::StrCat { a, b, c },
        BinOp::And | BinOp::Or => unreachable!("short-circuit operators jump"),
    }
}
