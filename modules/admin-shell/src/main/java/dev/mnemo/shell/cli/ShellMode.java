package dev.mnemo.shell.cli;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Interactive console or one-shot command; and whether stderr is a terminal (progress bar) or not (plain lines). */
@Component
public class ShellMode {

    private final boolean interactive;

    public ShellMode(Environment environment) {
        this.interactive = environment.getProperty("spring.shell.interactive.enabled", Boolean.class, true);
    }

    public boolean interactive() {
        return interactive;
    }

    public boolean terminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
