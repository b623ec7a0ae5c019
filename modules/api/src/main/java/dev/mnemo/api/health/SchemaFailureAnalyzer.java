package dev.mnemo.api.health;

import dev.mnemo.model.schema.MigrationFailedException;
import dev.mnemo.model.schema.MigrationRefusedException;
import dev.mnemo.model.schema.SchemaException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A database the service refuses (dimensions that disagree, somebody else's tables, a failed migration) is reported
 * as its one message and what to do, instead of a 60-line stack trace; the process exits 1.
 */
public class SchemaFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaException || t instanceof MigrationRefusedException || t instanceof MigrationFailedException) {
                return new FailureAnalysis(t.getMessage(), "Point MNEMO_DB_URL at a database Mnemo may use, or change the"
                        + " settings named above (docs/configuration.md); 'make shell ARGS=\"db info\"' shows the"
                        + " database's schema.", t);
            }
        }
        return null;
    }
}
