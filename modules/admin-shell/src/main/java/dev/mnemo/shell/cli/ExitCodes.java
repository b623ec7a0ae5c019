package dev.mnemo.shell.cli;

/** Exit codes of one-shot commands and scripts (docs/admin-shell.md lists them). */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command ran and failed, or refused (a Migrator refusal, a dangerous command without --yes). */
    public static final int FAILED = 1;
    /** The command line was wrong: unknown command, missing or malformed option. */
    public static final int USAGE = 2;
    /** The shell could not start: bad settings, database unreachable, models and database dimensions disagree. */
    public static final int STARTUP = 3;
    /** Stopped by Ctrl-C between batches: the work done so far is committed and a re-run resumes it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
