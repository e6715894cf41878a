fn main() -> std::process::ExitCode {
    codedeck::cli::main()
}
