//! The `versori` binary: everything is in the `versori_cli` library.

/// The binary allocates per field and per unknown-key map of every document it reads; mimalloc
/// serves those small, short-lived allocations faster than the system allocator (measured in the
/// README's performance section). The library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    versori_cli::main()
}
