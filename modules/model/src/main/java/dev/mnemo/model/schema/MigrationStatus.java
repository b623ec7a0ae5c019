package dev.mnemo.model.schema;

import java.time.Instant;
import java.util.List;

/** Where the schema stands: the current version, how many migrations are applied and pending, and each step. */
public record MigrationStatus(String currentVersion, int applied, int pending, List<Step> steps) {

    public record Step(String version, String description, String state, Instant installedOn) {
    }

    public boolean upToDate() {
        return currentVersion != null && pending == 0;
    }
}
