//! kubectl inside the simulator: parse a command line, run it against the engine, print what
//! kubectl prints.
pub mod complete;
pub mod parse;
pub mod yaml;
