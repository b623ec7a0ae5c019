package dev.mnemo.shell;

import dev.mnemo.core.CoreConfiguration;
import dev.mnemo.shell.cli.ExitCodes;
import dev.mnemo.shell.cli.Failures;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The admin face of Mnemo: migrations, models and data operations in a Spring Shell console. Without arguments it is
 * interactive; with arguments it runs them as one command (or {@code @file} as a script) and exits with its code.
 * Scans only dev.mnemo.shell; everything else comes from {@link CoreConfiguration}.
 */
@SpringBootApplication
@Import(CoreConfiguration.class)
public class MnemoShellApplication {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the shell and returns the process exit code (tests call this in-process). */
    public static int run(String... args) {
        if (args.length > 0) {
            // Spring Shell 4.0.1 decides interactive vs one-shot from this property alone, before start-up.
            System.setProperty("spring.shell.interactive.enabled", "false");
        }
        SpringApplication app = new SpringApplication(MnemoShellApplication.class);
        // Program arguments are shell commands ("db migrate --target 3"), not Spring properties: settings come from
        // the environment (MNEMO_*), exactly as for the service.
        app.setAddCommandLineProperties(false);
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (Throwable e) {
            System.err.println("error: Mnemo admin shell cannot start: " + Failures.message(e));
            if (Boolean.parseBoolean(System.getenv("MNEMO_SHELL_DEBUG"))) {
                e.printStackTrace();
            }
            return ExitCodes.STARTUP;
        }
        return SpringApplication.exit(context);
    }
}
