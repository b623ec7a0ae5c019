package dev.mnemo.store.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Path globs as anchored regexes (the same syntax in Java's and PostgreSQL's engines for what a glob produces). */
class GlobTest {

    private static boolean matches(String glob, String path) {
        return Pattern.compile(FilterSql.globRegex(glob)).matcher(path).find();
    }

    @Test
    void starsQuestionMarksAndLiterals() {
        assertThat(matches("**/*.py", "setup.py")).as("**/ is zero or more folders").isTrue();
        assertThat(matches("**/*.py", "a/b/c.py")).isTrue();
        assertThat(matches("src/**", "src/a/B.java")).isTrue();
        assertThat(matches("src/*.java", "src/a/B.java")).as("* stays in one folder").isFalse();
        assertThat(matches("src/?.java", "src/B.java")).isTrue();
        assertThat(matches("a.b", "axb")).as("a dot is a dot").isFalse();
        assertThat(matches("(x)|y", "(x)|y")).as("regex syntax is literal").isTrue();
        assertThat(matches("(x)|y", "y")).isFalse();
    }
}
