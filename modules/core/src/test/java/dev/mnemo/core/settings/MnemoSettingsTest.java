package dev.mnemo.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.CoreConfiguration;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class MnemoSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MnemoSettings.class)
    static class SettingsOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(SettingsOnly.class);

    @Test
    void defaultsAreSane() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            MnemoSettings s = ctx.getBean(MnemoSettings.class);
            assertThat(s.db().url()).isEqualTo(MnemoSettings.LOCAL_URL);
            assertThat(s.embedding().ramBudgetMb()).isEqualTo(1024);
            assertThat(s.embedding().failureStrategy()).isEqualTo(FailureStrategy.SOFT);
            assertThat(s.embedding().sourceFields()).containsExactly("text", "body", "message", "content", "title");
            assertThat(s.search().efSearch()).isEqualTo(100);
        });
    }

    @Test
    void bindsValues() {
        runner.withPropertyValues("mnemo.embedding.failure-strategy=hard", "mnemo.embedding.ram-budget-mb=2048",
                "mnemo.embedding.source-fields=a,b").run(ctx -> {
            MnemoSettings s = ctx.getBean(MnemoSettings.class);
            assertThat(s.embedding().failureStrategy()).isEqualTo(FailureStrategy.HARD);
            assertThat(s.embedding().ramBudgetMb()).isEqualTo(2048);
            assertThat(s.embedding().sourceFields()).containsExactly("a", "b");
        });
    }

    @Test
    void nonPositiveBudgetIsRefused() {
        assertFailsNaming("mnemo.embedding.ram-budget-mb", "mnemo.embedding.ram-budget-mb=0");
        assertFailsNaming("mnemo.embedding.ram-budget-mb", "mnemo.embedding.ram-budget-mb=-5");
    }

    @Test
    void unknownFailureStrategyIsRefused() {
        assertFailsNaming("mnemo.embedding.failure-strategy", "mnemo.embedding.failure-strategy=sometimes");
    }

    @Test
    void otherInvalidValuesAreRefused() {
        assertFailsNaming("mnemo.search.ef-search", "mnemo.search.ef-search=0");
        assertFailsNaming("mnemo.embedding.dimension", "mnemo.embedding.dimension=-1");
        assertFailsNaming("mnemo.db.url", "mnemo.db.url= ");
        assertFailsNaming("mnemo.db.pool-max-size", "mnemo.db.pool-initial-size=10", "mnemo.db.pool-max-size=4");
        assertFailsNaming("mnemo.embedding.source-fields", "mnemo.embedding.source-fields=");
    }

    @Test
    void dimensionMismatchWithTheDatabaseStopsStartUpNamingAllThree() {
        DatabaseUrl db = TestDatabases.fresh("settings");
        try {
            new Migrator(db, 768).migrate();
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                    .withUserConfiguration(CoreConfiguration.class)
                    .withPropertyValues("mnemo.db.url=" + db.toUrl(), "mnemo.embedding.dimension=384",
                            "mnemo.embedding.code-dimension=384", "mnemo.embedding.preload-text=false")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("TEXT model 384").hasMessageContaining("CODE model 384")
                            .hasMessageContaining("vector(768)"));
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void matchingDimensionsStartAndMigrate() {
        DatabaseUrl db = TestDatabases.fresh("settingsok");
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                    .withUserConfiguration(CoreConfiguration.class)
                    .withPropertyValues("mnemo.db.url=" + db.toUrl(), "mnemo.embedding.preload-text=false")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(ctx.getBean(dev.mnemo.core.schema.SchemaStartup.class).status().upToDate()).isTrue();
                    });
        } finally {
            TestDatabases.drop(db);
        }
    }

    private void assertFailsNaming(String property, String... values) {
        runner.withPropertyValues(values).run(ctx -> {
            assertThat(ctx).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            // Binding errors name the property as written (kebab-case); validation errors name the field path.
            String fieldPath = property.substring("mnemo.".length());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-([a-z])").matcher(fieldPath);
            String camel = m.replaceAll(r -> r.group(1).toUpperCase());
            assertThat(messages.toString()).containsAnyOf(property, "'mnemo' on field '" + camel + "'");
        });
    }
}
