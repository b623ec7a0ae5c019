package dev.mnemo.shell.cli;

/** A failure the shell reports as one line (no stack trace), with the exit code of a one-shot run. */
public class ShellException extends RuntimeException {

    private final int exitCode;

    public ShellException(String message) {
        this(message, ExitCodes.FAILED);
    }

    public ShellException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public ShellException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = ExitCodes.FAILED;
    }

    public int exitCode() {
        return exitCode;
    }
}
