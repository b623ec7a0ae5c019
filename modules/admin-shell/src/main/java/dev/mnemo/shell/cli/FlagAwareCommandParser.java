package dev.mnemo.shell.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.core.command.CommandRegistry;

/**
 * Spring Shell 4.0.1's parser, with boolean flags fixed: it looks a flag up on the root command only ("db", not
 * "db repair"), so a trailing {@code --yes} fails with "requires a value". Here a boolean option of the resolved
 * command that has no value after it is rewritten to {@code --yes=true} before parsing.
 */
public class FlagAwareCommandParser implements CommandParser {

    /** The word split of DefaultCommandParser: whitespace outside double quotes. */
    private static final String WORDS = "\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";

    private final CommandRegistry registry;
    private final DefaultCommandParser delegate;

    public FlagAwareCommandParser(CommandRegistry registry) {
        this.registry = registry;
        this.delegate = new DefaultCommandParser(registry);
    }

    @Override
    public ParsedInput parse(String input) {
        return delegate.parse(withFlagValues(input.strip()));
    }

    String withFlagValues(String input) {
        List<String> words = new ArrayList<>(List.of(input.split(WORDS)));
        Command command = null;
        String prefix = "";
        for (String word : words) {
            if (word.startsWith("-")) {
                break;
            }
            prefix = prefix.isEmpty() ? word : prefix + " " + word;
            Command found = registry.getCommandByName(prefix);
            if (found != null) {
                command = found;
            }
        }
        if (command == null) {
            return input;
        }
        Set<String> flags = command.getOptions().stream()
                .filter(o -> o.type() == boolean.class || o.type() == Boolean.class)
                .flatMap(o -> java.util.stream.Stream.of("--" + o.longName(), o.shortName() == ' ' ? "" : "-" + o.shortName()))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        for (int i = 0; i < words.size(); i++) {
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            boolean valueFollows = next != null && !next.startsWith("-")
                    && (next.equalsIgnoreCase("true") || next.equalsIgnoreCase("false"));
            if (flags.contains(words.get(i)) && !valueFollows) {
                words.set(i, words.get(i) + "=true");
            }
        }
        return String.join(" ", words);
    }
}
