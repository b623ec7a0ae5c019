package dev.mnemo.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of one {@code .gitignore}, as git reads them for paths below its folder: {@code #} comments, {@code !}
 * to re-include, a trailing {@code /} for folders only, a pattern with a {@code /} (other than a trailing one)
 * anchored at the folder, else matched against a name at any depth; {@code *}, {@code ?}, {@code [...]} and
 * {@code **}. The last matching pattern decides.
 */
final class IgnoreRules {

    private record Rule(Pattern pattern, boolean negated, boolean folderOnly) {
    }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    static IgnoreRules parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated) {
                line = line.substring(1);
            }
            if (line.startsWith("\\")) {
                line = line.substring(1);
            }
            boolean folderOnly = line.endsWith("/");
            if (folderOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + glob(line);
            try {
                rules.add(new Rule(Pattern.compile(regex), negated, folderOnly));
            } catch (java.util.regex.PatternSyntaxException e) {
                // A pattern git would not match anything with ("[z-a]"): ignored, as git ignores it.
            }
        }
        return new IgnoreRules(rules);
    }

    /**
     * Whether {@code path} ('/'-separated, relative to this file's folder) is ignored; null when no pattern speaks of
     * it (a parent folder's rules then decide).
     */
    Boolean ignored(String path, boolean folder) {
        Boolean verdict = null;
        for (Rule r : rules) {
            if ((!r.folderOnly() || folder) && r.pattern().matcher(path).matches()) {
                verdict = !r.negated();
            }
        }
        return verdict;
    }

    private static String glob(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    out.append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                } else {
                    out.append("[^/]*");
                }
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    out.append("\\[");
                } else {
                    String set = glob.substring(i + 1, end).replace("\\", "\\\\");
                    out.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
