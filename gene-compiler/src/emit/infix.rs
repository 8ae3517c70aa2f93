//! Operator expressions: infix `(a + b * c)` with precedence, chained comparisons
//! `(a < b < c)`, short-circuit `&&`/`||`, assignment and compound assignment, and the
//! prefix forms `(+ a b c)`, `(- a)`, `(! a)`.

use bumpalo::collections::Vec as BVec;
use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::{CompileError, Compiler, Resolved, Result};
use crate::isa::{Imm8, Instr, Reg, ShortJump};

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

/// Whether `name` is an infix operator (`+`, `<=`, `&&`, `+=`, …).
pub fn is_operator(name: &str) -> bool {
    operator(name).is_some()
}

/// The operators, as a help line lists them.
pub const OPERATORS: &str = "+ - * / % ++ == != < <= > >= && || &|& is = += -= *= /= %=";

/// `(1 +)` and `(7 // 2)`: genes written as operator expressions that are not ones. Read
/// as calls they would fail later with a message about something else (`+ is not
/// defined`, a path segment), so they are refused here, naming the operator.
pub(super) fn misused_operator(gene: &Gene) -> Option<CompileError> {
    let [first, ..] = gene.children.as_slice() else {
        return None;
    };
    if !gene.props.is_empty() || super::forms::calls_a_macro(gene) {
        return None;
    }
    let text = match &first.kind {
        DatumKind::Symbol(name) => name.clone(),
        // `//` reads as a path of empty segments.
        DatumKind::ComplexSymbol(parts) if parts.iter().all(String::is_empty) => parts.join("/"),
        _ => return None,
    };
    if operator(&text).is_some() {
        // `(f +)` may pass `+` to a macro; only a head that is a value cannot be a call.
        let head_is_value = !matches!(
            gene.head.kind,
            DatumKind::Symbol(_) | DatumKind::ComplexSymbol(_)
        );
        return (gene.children.len() == 1 && head_is_value).then(|| {
            CompileError::new(format!("`{text}` needs a value on its right"), first.span).with_help(
                format!("an operator goes between two values, as in `(1 {text} 2)`"),
            )
        });
    }
    let looks_like_operator = text.chars().all(|c| "+-*/%<>=!&|".contains(c))
        && !["->", "!", "*", "**", "/*"].contains(&text.as_str());
    looks_like_operator.then(|| {
        let help = match text.as_str() {
            "//" => format!(
                "`/` divides (`(7 / 2)` is 3.5; `(floor (7 / 2))` is 3.0); the operators are {OPERATORS}"
            ),
            "===" => format!("`==` compares values; the operators are {OPERATORS}"),
            _ => format!("the operators are {OPERATORS}"),
        };
        CompileError::new(format!("`{text}` is not an operator"), first.span).with_help(help)
    })
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

/// The tree of the operator sequence `x OP y OP z …`.
fn operator_tree<'d>(sequence: &[&'d Datum], span: Span) -> Result<Node<'d>> {
    let mut operands = Vec::with_capacity(sequence.len() / 2 + 1);
    let mut ops = Vec::with_capacity(sequence.len() / 2);
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
    Ok(climb(&operands, &ops))
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

/// The jumps a condition emits, to be patched to where control goes when it takes them.
pub(super) type Exits<'b> = BVec<'b, usize>;

/// What a condition is made of, for compiling it as jumps.
enum Condition<'d> {
    /// `(! x)`.
    Not(&'d Datum),
    /// An operator expression, as a tree.
    Tree(Node<'d>),
    /// Anything else: a value to test.
    Value(&'d Datum),
}

/// Whether `op` is a comparison a jump can fuse.
fn is_comparison(op: BinOp) -> bool {
    precedence(op) == COMPARISON && op != BinOp::Is
}

impl<'b> Compiler<'_, 'b> {
    /// Emits the jumps taken when `condition` is falsy, to be patched to where the code for
    /// false goes. `&&`, `||` and `!` become jumps, not booleans, and a comparison is fused
    /// into its jump.
    pub(super) fn jump_unless(&mut self, condition: &Datum) -> Result<Exits<'b>> {
        let mut exits = BVec::new_in(self.arena);
        self.branch(condition, false, &mut exits)?;
        Ok(exits)
    }

    /// Points every jump in `exits` here.
    pub(super) fn patch_exits(&mut self, exits: &[usize], span: Span) -> Result<()> {
        for &exit in exits {
            self.patch_jump(exit, span)?;
        }
        Ok(())
    }

    /// Emits jumps, pushed on `out`, taken when the truth of `condition` is `when`; control
    /// falls through otherwise.
    fn branch(&mut self, condition: &Datum, when: bool, out: &mut Exits<'_>) -> Result<()> {
        match self.condition(condition)? {
            Condition::Not(inner) => self.branch(inner, !when, out),
            Condition::Tree(tree) => self.branch_node(&tree, when, out),
            Condition::Value(value) => {
                let mark = self.reg_mark();
                let test = self.operand(value)?;
                self.test_jump(test, when, value.span, out);
                self.free_to(mark);
                Ok(())
            }
        }
    }

    /// How `datum` reads as a condition.
    fn condition<'d>(&self, datum: &'d Datum) -> Result<Condition<'d>> {
        let DatumKind::Gene(gene) = &datum.kind else {
            return Ok(Condition::Value(datum));
        };
        if !gene.props.is_empty() {
            return Ok(Condition::Value(datum));
        }
        if let Some(Operator::Binary(_)) = infix_operator(gene) {
            let mut sequence = Vec::with_capacity(gene.children.len() + 1);
            sequence.push(&gene.head);
            sequence.extend(gene.children.iter());
            return Ok(Condition::Tree(operator_tree(&sequence, datum.span)?));
        }
        match (
            gene.head.as_symbol().and_then(prefix_operator),
            gene.children.as_slice(),
        ) {
            (Some(None), [value]) => Ok(Condition::Not(value)),
            (Some(Some(op)), [left, right])
                if is_comparison(op) || matches!(op, BinOp::And | BinOp::Or) =>
            {
                Ok(Condition::Tree(Node::Binary(
                    op,
                    Box::new(Node::Leaf(left)),
                    Box::new(Node::Leaf(right)),
                    datum.span,
                )))
            }
            _ => Ok(Condition::Value(datum)),
        }
    }

    fn branch_node(&mut self, node: &Node, when: bool, out: &mut Exits<'_>) -> Result<()> {
        match node {
            Node::Leaf(datum) => self.branch(datum, when, out),
            // Jump when both hold: past the jump unless the first does.
            Node::Binary(BinOp::And, left, right, span) if when => {
                let mut skip = BVec::new_in(self.arena);
                self.branch_node(left, false, &mut skip)?;
                self.branch_node(right, true, out)?;
                self.patch_exits(&skip, *span)
            }
            Node::Binary(BinOp::And, left, right, _) => {
                self.branch_node(left, false, out)?;
                self.branch_node(right, false, out)
            }
            Node::Binary(BinOp::Or, left, right, _) if when => {
                self.branch_node(left, true, out)?;
                self.branch_node(right, true, out)
            }
            // Jump when neither holds: on to the code for true as soon as one does.
            Node::Binary(BinOp::Or, left, right, span) => {
                let mut taken = BVec::new_in(self.arena);
                self.branch_node(left, true, &mut taken)?;
                self.branch_node(right, false, out)?;
                self.patch_exits(&taken, *span)
            }
            Node::Binary(op, left, right, span) if is_comparison(*op) => {
                self.compare_jump((*op, left, right), when, *span, out)
            }
            _ => {
                let mark = self.reg_mark();
                let test = self.node_operand(node)?;
                let span = match node {
                    Node::Binary(.., span) | Node::Chain(.., span) => *span,
                    Node::Leaf(d) => d.span,
                };
                self.test_jump(test, when, span, out);
                self.free_to(mark);
                Ok(())
            }
        }
    }

    /// A jump on the truth of register `test`.
    fn test_jump(&mut self, test: Reg, when: bool, span: Span, out: &mut Exits<'_>) {
        let jump = match when {
            true => self.emit_jump(|to| Instr::JumpIfTrue { a: test, to }, span),
            false => self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, span),
        };
        out.push(jump);
    }

    /// A jump on `left op right`, fused into one instruction: a jump when the comparison
    /// fails, or when it holds. When `<` holds is not when `>=` fails (a NaN makes both
    /// false), so those have instructions of their own (`JumpIfLt`, …), which loops test at
    /// their bottom.
    fn compare_jump(
        &mut self,
        (op, left, right): (BinOp, &Node, &Node),
        when: bool,
        span: Span,
        out: &mut Exits<'_>,
    ) -> Result<()> {
        // When `==` or `!=` holds is when the opposite one fails.
        let (op, holds) = match (when, op) {
            (true, BinOp::Eq) => (BinOp::Ne, false),
            (true, BinOp::Ne) => (BinOp::Eq, false),
            (when, op) => (op, when),
        };
        let mark = self.reg_mark();
        let a = self.node_operand(left)?;
        let immediate = match right {
            Node::Leaf(Datum {
                kind: DatumKind::Int(n),
                ..
            }) => i8::try_from(*n).ok().map(Imm8),
            _ => None,
        };
        let jump = if let Some(imm) = immediate {
            self.emit_jump(|to| immediate_jump(op, holds, a, imm, to), span)
        } else {
            let b = self.node_operand(right)?;
            self.emit_jump(|to| register_jump(op, holds, a, b, to), span)
        };
        out.push(jump);
        self.free_to(mark);
        Ok(())
    }

    /// Emits the jumps taken when `condition` is truthy, to be patched to where the code for
    /// true goes (a loop's body, above them).
    pub(super) fn jump_if(&mut self, condition: &Datum) -> Result<Exits<'b>> {
        let mut exits = BVec::new_in(self.arena);
        self.branch(condition, true, &mut exits)?;
        Ok(exits)
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
        let tree = operator_tree(sequence, span)?;
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
                if let Node::Leaf(Datum {
                    kind: DatumKind::Int(n),
                    ..
                }) = right.as_ref()
                {
                    if let Some(instr) = immediate_instr(*op, dest, b, *n) {
                        self.emit(instr, *span);
                        self.free_to(mark);
                        return Ok(());
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
            return self.assign_path(parts, assign, &values, (!unused).then_some(dest), span);
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
            Assign::Update(op)
                if values.len() == 1
                    && matches!(values[0].kind, DatumKind::Int(n)
                        if immediate_instr(op, place, place, n).is_some()) =>
            {
                let DatumKind::Int(n) = values[0].kind else {
                    unreachable!("matched above")
                };
                let mark = self.reg_mark();
                let b = self.operand(target)?;
                let instr = immediate_instr(op, place, b, n).expect("checked above");
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

/// `a = b op n` with `n` as the instruction's own operand, when `op` has such a form and
/// `n` fits it: `+`, `-`, `*` and `%` by a small Int (`% 0` keeps its register form, which
/// raises).
fn immediate_instr(op: BinOp, a: Reg, b: Reg, n: i64) -> Option<Instr> {
    let imm = Imm8(i8::try_from(n).ok()?);
    Some(match op {
        BinOp::Add => Instr::AddI { a, b, imm },
        BinOp::Sub => Instr::SubI { a, b, imm },
        BinOp::Mul => Instr::MulI { a, b, imm },
        BinOp::Mod if n != 0 => Instr::ModI { a, b, imm },
        _ => return None,
    })
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

/// The jump on `a op imm`, taken when the comparison holds (`holds`) or when it fails.
fn immediate_jump(op: BinOp, holds: bool, a: Reg, imm: Imm8, to: ShortJump) -> Instr {
    match (holds, op) {
        (false, BinOp::Lt) => Instr::JumpUnlessLtI { a, imm, to },
        (false, BinOp::Le) => Instr::JumpUnlessLeI { a, imm, to },
        (false, BinOp::Gt) => Instr::JumpUnlessGtI { a, imm, to },
        (false, BinOp::Ge) => Instr::JumpUnlessGeI { a, imm, to },
        (false, BinOp::Eq) => Instr::JumpUnlessEqI { a, imm, to },
        (false, _) => Instr::JumpUnlessNeI { a, imm, to },
        (true, BinOp::Lt) => Instr::JumpIfLtI { a, imm, to },
        (true, BinOp::Le) => Instr::JumpIfLeI { a, imm, to },
        (true, BinOp::Gt) => Instr::JumpIfGtI { a, imm, to },
        (true, _) => Instr::JumpIfGeI { a, imm, to },
    }
}

/// The jump on `a op b`, taken when the comparison holds (`holds`) or when it fails.
fn register_jump(op: BinOp, holds: bool, a: Reg, b: Reg, to: ShortJump) -> Instr {
    // Both operands are evaluated already, so swapping keeps the order.
    let (op, a, b) = match op {
        BinOp::Gt => (BinOp::Lt, b, a),
        BinOp::Ge => (BinOp::Le, b, a),
        op => (op, a, b),
    };
    match (holds, op) {
        (false, BinOp::Lt) => Instr::JumpUnlessLt { a, b, to },
        (false, BinOp::Le) => Instr::JumpUnlessLe { a, b, to },
        (false, BinOp::Eq) => Instr::JumpUnlessEq { a, b, to },
        (false, _) => Instr::JumpUnlessNe { a, b, to },
        (true, BinOp::Lt) => Instr::JumpIfLt { a, b, to },
        (true, _) => Instr::JumpIfLe { a, b, to },
    }
}
