package dev.mnemo.shell.cli;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.stereotype.Component;

/** Dangerous commands (repair, baseline, reindex): asked interactively, {@code --yes} required one-shot. */
@Component
public class Confirmation {

    private final ShellMode mode;

    public Confirmation(ShellMode mode) {
        this.mode = mode;
    }

    /** Returns when confirmed; throws (nothing done yet) when not. */
    public void require(CommandContext context, boolean yes, String command, String effect) {
        if (yes) {
            return;
        }
        if (!mode.interactive()) {
            throw new ShellException("Refusing to run '" + command + "' without --yes: it " + effect
                    + ". Re-run as '" + command + " --yes' to confirm.");
        }
        String answer;
        try {
            answer = context.inputReader().readInput("'" + command + "' " + effect + ". Type 'yes' to continue: ");
        } catch (Exception e) {
            answer = null;
        }
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new ShellException("Cancelled: '" + command + "' did nothing.");
        }
    }
}
