package dev.mnemo.shell;

import dev.mnemo.store.db.DatabaseUrl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One one-shot run of the shell, in-process (exactly main() without System.exit), with stdout and stderr captured. */
record ShellRun(int code, String out, String err) {

    static synchronized ShellRun run(DatabaseUrl db, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // System properties outrank application.yml and mnemo-defaults.yml, like MNEMO_DB_URL does for users.
        System.setProperty("mnemo.db.url", db.toUrl());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MnemoShellApplication.run(args);
            return new ShellRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.clearProperty("mnemo.db.url");
            System.clearProperty("spring.shell.interactive.enabled");
        }
    }

    /** stderr without the progress lines (which go to stderr by design). */
    List<String> errorLines() {
        return err.lines().filter(l -> !l.isBlank() && !l.startsWith("reindex ") && !l.startsWith("export ")
                && !l.startsWith("import ")).toList();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
