package dev.mnemo.shell.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.command.CommandExecutionException;

/** Turns any failure into the one line a user reads, and the exit code that goes with it. */
public final class Failures {

    private Failures() {
    }

    /** The exception that says what went wrong, without the wrappers frameworks put around it. */
    public static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t instanceof CommandExecutionException
                || t instanceof InvocationTargetException || t instanceof CompletionException
                || t instanceof ExecutionException || t instanceof BeanCreationException
                || t instanceof ConversionException || t.getMessage() == null
                || (t.getClass().getName().startsWith("org.springframework.") && !(t instanceof ShellException)))) {
            t = t.getCause();
        }
        return t;
    }

    public static String message(Throwable e) {
        Throwable t = cause(e);
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        // One line: the first line of a multi-line message (Flyway and PostgreSQL add details below it).
        return message.strip().lines().findFirst().orElse(message);
    }

    public static int exitCode(Throwable e) {
        Throwable t = cause(e);
        if (t instanceof ShellException s) {
            return s.exitCode();
        }
        return t instanceof IllegalArgumentException || e instanceof ConversionException ? ExitCodes.USAGE : ExitCodes.FAILED;
    }
}
