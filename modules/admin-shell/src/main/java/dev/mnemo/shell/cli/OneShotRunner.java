package dev.mnemo.shell.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Runs the command given on the command line, or every line of an {@code @file} script, and returns an exit code.
 * Spring Shell's own non-interactive runner logs failures with stack traces and exits 0 on a failed command; this one
 * prints one line on stderr and exits non-zero ({@link ExitCodes}). A script stops at its first failing line.
 */
public class OneShotRunner {

    private static final InputReader NO_INPUT = new InputReader() {
    };

    private final CommandParser parser;
    private final CommandRegistry registry;
    private final CommandExecutor executor;
    private final PrintWriter out;
    private final PrintStream err;
    private final boolean debug;

    public OneShotRunner(CommandParser parser, CommandRegistry registry, PrintWriter out, PrintStream err, boolean debug) {
        this.parser = parser;
        this.registry = registry;
        this.executor = new CommandExecutor(registry);
        this.out = out;
        this.err = err;
        this.debug = debug;
    }

    public int run(List<String> args) {
        if (args.isEmpty()) {
            err.println("error: no command given; run 'help' to list the commands");
            return ExitCodes.USAGE;
        }
        if (args.size() == 1 && args.get(0).startsWith("@")) {
            return script(Path.of(args.get(0).substring(1)));
        }
        return execute(commandLine(args));
    }

    /** Re-joins program arguments; those the OS shell unquoted ("some text") are quoted again for the parser. */
    static String commandLine(List<String> args) {
        return args.stream().map(a -> a.isEmpty() || a.chars().anyMatch(Character::isWhitespace)
                        ? quoted(a) : a)
                .collect(Collectors.joining(" "));
    }

    private static String quoted(String arg) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0) {
            return arg.substring(0, eq + 1) + quoted(arg.substring(eq + 1));
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private int script(Path file) {
        List<String> lines;
        try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
            lines = stream.toList();
        } catch (IOException e) {
            err.println("error: cannot read script " + file + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int code = execute(line);
            if (code != ExitCodes.OK) {
                err.println("error: script " + file + " stopped at line " + (i + 1) + ": " + line);
                return code;
            }
        }
        return ExitCodes.OK;
    }

    int execute(String line) {
        ParsedInput parsed;
        try {
            parsed = parser.parse(line);
        } catch (RuntimeException e) {
            return fail(e, ExitCodes.USAGE);
        }
        try {
            ExitStatus status = executor.execute(new CommandContext(parsed, registry, out, NO_INPUT));
            out.flush();
            if (status.code() == ExitStatus.OK.code()) {
                return ExitCodes.OK;
            }
            err.println("error: '" + line + "' failed: " + status.description());
            return status.code() == ExitStatus.USAGE_ERROR.code() ? ExitCodes.USAGE : ExitCodes.FAILED;
        } catch (CommandNotFoundException e) {
            err.println("error: unknown command '" + e.getCommandName() + "'; run 'help' to list the commands");
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            out.flush();
            return fail(e, Failures.exitCode(e));
        }
    }

    private int fail(Throwable e, int code) {
        err.println("error: " + Failures.message(e));
        if (debug) {
            e.printStackTrace(err);
        }
        return code;
    }
}
