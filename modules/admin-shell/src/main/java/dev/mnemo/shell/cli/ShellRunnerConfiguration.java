package dev.mnemo.shell.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;
import org.springframework.shell.jline.PromptProvider;

/**
 * Replaces Spring Shell's application runner (its beans are conditional on a missing one): interactive runs go to
 * the JLine console as before; one-shot runs go to {@link OneShotRunner}, whose exit code becomes the process's.
 */
@Configuration(proxyBeanMethods = false)
public class ShellRunnerConfiguration {

    /** The exit code of the last one-shot run; read by SpringApplication.exit in main(). */
    @Bean
    AtomicInteger shellExitCode() {
        return new AtomicInteger(ExitCodes.OK);
    }

    @Bean
    ExitCodeGenerator shellExitCodeGenerator(AtomicInteger shellExitCode) {
        return shellExitCode::get;
    }

    @Bean
    CommandParser commandParser(CommandRegistry registry) {
        return new FlagAwareCommandParser(registry);
    }

    @Bean
    ApplicationRunner mnemoShellRunner(ShellMode mode, ObjectProvider<ShellRunner> shellRunners, CommandParser parser,
                                       CommandRegistry registry, AtomicInteger shellExitCode) {
        return args -> {
            if (mode.interactive()) {
                shellRunners.getObject().run(args.getSourceArgs());
                return;
            }
            boolean debug = Boolean.parseBoolean(System.getenv("MNEMO_SHELL_DEBUG"));
            OneShotRunner runner = new OneShotRunner(parser, registry, new PrintWriter(System.out, true), System.err, debug);
            shellExitCode.set(runner.run(List.of(args.getSourceArgs())));
        };
    }

    @Bean
    PromptProvider mnemoPrompt() {
        return () -> new AttributedString("mnemo:>", AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
    }

    /** No console (pipe, CI, tests): ask JLine for a dumb terminal outright instead of warning that it fell back. */
    @Bean
    TerminalCustomizer dumbTerminalWithoutConsole() {
        return builder -> {
            if (System.console() == null) {
                builder.dumb(true);
            }
        };
    }
}
