package dev.mnemo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/architecture.md, enforced: faces (api, admin-shell) call core's services only; core
 * orchestrates store and embeddings; store is PostgreSQL only; model is plain values. Each rule reads the compiled
 * main classes of the modules it concerns; a rule broken anywhere fails the build.
 */
class ModuleRulesTest {

    private static JavaClasses model;
    private static JavaClasses code;
    private static JavaClasses store;
    private static JavaClasses core;
    private static JavaClasses faces;

    private static JavaClasses classes(String... modules) {
        Path[] dirs = new Path[modules.length];
        for (int i = 0; i < modules.length; i++) {
            dirs[i] = Path.of("..", modules[i], "target", "classes").toAbsolutePath().normalize();
            // No classes would make every rule pass: that must fail instead.
            assertThat(dirs[i]).as("compiled classes of " + modules[i]).isDirectory();
        }
        JavaClasses imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPaths(dirs);
        assertThat(imported.size()).as("classes of " + String.join(", ", modules)).isGreaterThan(modules.length * 3);
        return imported;
    }

    @BeforeAll
    static void read() {
        model = classes("model");
        code = classes("code");
        store = classes("store");
        core = classes("core");
        faces = classes("api", "admin-shell");
        assertThat(Files.isDirectory(Path.of("..", "api", "target", "classes", "dev", "mnemo", "api"))).isTrue();
    }

    @Test
    void modelIsPlainValues() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.store..", "dev.mnemo.core..",
                        "dev.mnemo.embeddings..", "dev.mnemo.api..", "dev.mnemo.shell..", "org.springframework..",
                        "io.r2dbc..", "org.postgresql..", "org.flywaydb..")
                .because("model is the vocabulary every module shares, with no behaviour and no I/O")
                .check(model);
    }

    @Test
    void codeParsingKnowsOnlyTheModelAndItsParsers() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.store..", "dev.mnemo.core..",
                        "dev.mnemo.embeddings..", "dev.mnemo.api..", "dev.mnemo.shell..", "org.springframework..",
                        "io.r2dbc..", "org.postgresql..", "reactor..")
                .because("reading source trees is pure parsing: the store writes chunks, core orchestrates")
                .check(code);
    }

    @Test
    void storeIsPostgresqlOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.core..", "dev.mnemo.embeddings..",
                        "dev.mnemo.api..", "dev.mnemo.shell..", "ai.onnxruntime..", "ai.djl..")
                .because("the store knows neither the models nor the services: it takes and returns plain values")
                .check(store);
    }

    @Test
    void coreKnowsNoFace() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.api..", "dev.mnemo.shell..",
                        "org.springframework.web..", "org.springframework.http..", "org.springframework.shell..")
                .because("faces depend on core, never the reverse; HTTP and shell words stay in their face")
                .check(core);
    }

    @Test
    void facesCallServicesNotTheStore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.store..", "io.r2dbc..",
                        "org.springframework.r2dbc..", "org.flywaydb..", "java.sql..")
                .because("faces get everything from core's services; SQL lives in the store alone")
                .check(faces);
    }

    @Test
    void theModelsAreUsedThroughTheirPublicApi() {
        var rule = noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.mnemo.embeddings.*..")
                .because("the embeddings module's sub-packages (onnx, runtime, folder, ...) are its inside");
        rule.check(core);
        rule.check(faces);
    }

    @Test
    void onlyTheStoreAndCoresWiringTouchTheDatabaseClient() {
        noClasses().that().resideOutsideOfPackage("dev.mnemo.core")
                .should().callMethod("org.springframework.r2dbc.core.DatabaseClient", "sql", "java.lang.String")
                .because("statement text is the store's: services call repositories")
                .check(core);
    }
}
