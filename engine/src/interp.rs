//! Executing a parsed [`Program`] against one phone's variables.
//!
//! Execution stops at a GET (which the boot sequence turns into a tail call),
//! at the end of the file, or when the statement budget of spec section 4 runs
//! out. It reports what it does to an [`Observer`], so the same loop serves a
//! full traced boot and the fleet matrix, which only wants the SETs.

use crate::script::{Op, Program};

/// The variables `IF $VAR` can test (spec section 4).
pub trait Vars {
    /// `name` is upper-case without `$`; `None` when the 1600 does not define it.
    fn var(&self, name: &str) -> Option<&str>;
}

/// How an IF or GOTO went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jump<'a> {
    /// A `GOTO label`.
    Goto {
        /// The label.
        target: &'a str,
        /// Whether the label exists (a missing one ends the file).
        found: bool,
    },
    /// An `IF $VAR SEQ value GOTO label`.
    If {
        /// The variable tested, without `$`.
        var: &'a str,
        /// Its value, or none when unset.
        actual: Option<&'a str>,
        /// The value it was compared with.
        expected: &'a str,
        /// Whether the jump was taken.
        taken: bool,
        /// The label.
        target: &'a str,
        /// Whether the label exists.
        found: bool,
    },
}

/// Receives what execution does. Every method has an empty default.
pub trait Observer {
    /// A SET with a value was executed (validation is the observer's business).
    fn set(&mut self, _line: u32, _name: &str, _value: &str) {}
    /// A SET without a value was reached.
    fn set_without_value(&mut self, _line: u32, _name: &str) {}
    /// An IF or GOTO was executed.
    fn jump(&mut self, _line: u32, _jump: Jump<'_>) {}
    /// A statement was executed (index into `Program::stmts`).
    fn executed(&mut self, _stmt: usize) {}
}

/// Why execution stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The file ended (or a jump to a missing label ended it).
    End,
    /// A GET: fetch `file`; if that fails, resume at statement `resume`.
    Get {
        /// The line of the GET.
        line: u32,
        /// The file to fetch.
        file: String,
        /// The statement to resume at when the fetch fails.
        resume: usize,
    },
    /// The statement budget ran out on this line.
    Budget {
        /// The line of the statement that ran out of budget.
        line: u32,
    },
}

/// Runs `program` from statement `start` until it stops. `budget` is the
/// number of statements the boot may still execute; it is decremented.
pub fn run<O: Observer + ?Sized>(
    program: &Program,
    start: usize,
    vars: &dyn Vars,
    budget: &mut u64,
    obs: &mut O,
) -> Stop {
    let stmts = &program.stmts;
    let mut pc = start;
    while let Some(stmt) = stmts.get(pc) {
        if *budget == 0 {
            return Stop::Budget { line: stmt.line };
        }
        *budget -= 1;
        obs.executed(pc);
        pc += 1;
        match &stmt.op {
            Op::Label(_) | Op::Malformed => {}
            Op::Set {
                name,
                value: Some(v),
            } => obs.set(stmt.line, name, v),
            Op::Set { name, value: None } => obs.set_without_value(stmt.line, name),
            Op::Goto { target, dest } => {
                obs.jump(
                    stmt.line,
                    Jump::Goto {
                        target,
                        found: dest.is_some(),
                    },
                );
                match dest {
                    Some(d) => pc = *d,
                    None => return Stop::End,
                }
            }
            Op::If {
                var,
                seq,
                value,
                target,
                dest,
            } => {
                // Unknown variable or unknown operator: the statement is skipped.
                let actual = vars.var(var);
                let taken = *seq && actual.is_some_and(|a| a.eq_ignore_ascii_case(value));
                obs.jump(
                    stmt.line,
                    Jump::If {
                        var,
                        actual,
                        expected: value,
                        taken,
                        target,
                        found: dest.is_some(),
                    },
                );
                if taken {
                    match dest {
                        Some(d) => pc = *d,
                        None => return Stop::End,
                    }
                }
            }
            Op::Get { file } => {
                return Stop::Get {
                    line: stmt.line,
                    file: file.clone(),
                    resume: pc,
                }
            }
        }
    }
    Stop::End
}
