package dev.mnemo.shell.db;

import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.schema.DimensionCheck;
import dev.mnemo.store.schema.SchemaException;
import dev.mnemo.store.schema.SchemaInspector;
import java.util.OptionalInt;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The shell refuses models whose dimension differs from the database's column, as the service does: at start-up
 * (exit code 3, one line) and again before {@code db migrate}, which would otherwise add {@code embedding_code} in
 * the wrong dimension. A database that does not answer is not checked at start-up: the shell must start to
 * diagnose it.
 */
@Component
public class DimensionGuard implements InitializingBean {

    private final MnemoSettings settings;
    private final SchemaInspector inspector;

    public DimensionGuard(MnemoSettings settings, SchemaInspector inspector) {
        this.settings = settings;
        this.inspector = inspector;
    }

    @Override
    public void afterPropertiesSet() {
        OptionalInt column;
        try {
            column = inspector.vectorDimension("events", "embedding");
        } catch (SchemaException unreachable) {
            return;
        }
        DimensionCheck.verify(settings.embedding().dimension(), settings.embedding().codeDimension(), column);
    }

    /** @throws SchemaException naming the three dimensions when they differ */
    public void verify() {
        DimensionCheck.verify(settings.embedding().dimension(), settings.embedding().codeDimension(),
                inspector.vectorDimension("events", "embedding"));
    }
}
