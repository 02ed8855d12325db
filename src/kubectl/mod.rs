//! kubectl inside the simulator: parse a command line, run it against the engine, print what
//! kubectl prints.
pub mod complete;
pub mod decode;
pub mod emit;
pub mod go;
pub mod help;
pub mod jsonpath;
pub mod parse;
pub mod patch;
pub mod printers;
pub mod shell;
pub mod tabwriter;
pub mod write;
pub mod yaml;
