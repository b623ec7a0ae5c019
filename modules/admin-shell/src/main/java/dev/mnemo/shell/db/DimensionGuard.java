package dev.mnemo.shell.db;

import dev.mnemo.core.schema.Schema;
import dev.mnemo.model.schema.SchemaException;
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

    private final Schema schema;

    public DimensionGuard(Schema schema) {
        this.schema = schema;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            schema.textColumn();
        } catch (SchemaException unreachable) {
            return;
        }
        schema.verifyDimensions();
    }

}
