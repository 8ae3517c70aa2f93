//! The Gene compiler: turns the `Datum` trees read by `gene-syntax` into register bytecode.
//!
//! It will hold the resolver (locals in registers, captured locals as upvalues, everything
//! else as global slots), the emitter, the instruction-set table that generates the opcode
//! enum, encoder, decoder and disassembler, inline-cache slot allocation and the pc-to-span
//! table. Nothing is compiled yet: the reader (`gene-syntax`) is the first capability built.
