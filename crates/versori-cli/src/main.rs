//! The `versori` binary: everything is in the `versori_cli` library.

fn main() -> std::process::ExitCode {
    versori_cli::main()
}
