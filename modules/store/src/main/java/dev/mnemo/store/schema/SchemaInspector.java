package dev.mnemo.store.schema;

import dev.mnemo.model.schema.SchemaException;
import dev.mnemo.store.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Reads facts about the schema from PostgreSQL's catalog (never assumed from settings). Start-up and admin use. */
public final class SchemaInspector {

    private final DatabaseUrl url;

    public SchemaInspector(DatabaseUrl url) {
        this.url = url;
    }

    /** The declared dimension of a vector column ({@code atttypmod} holds it), empty when the column is absent. */
    public OptionalInt vectorDimension(String table, String column) {
        try (Connection c = connect(); var st = c.prepareStatement("""
                SELECT a.atttypmod FROM pg_attribute a
                WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped""")) {
            st.setString(1, table);
            st.setString(2, column);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0 ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw new SchemaException("Cannot read the catalog of " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    /** Exact row counts of Mnemo's tables that exist. */
    public Map<String, Long> rowCounts(String... tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = connect()) {
            for (String table : tables) {
                try (var check = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                    check.setString(1, table);
                    try (ResultSet rs = check.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            continue;
                        }
                    }
                }
                // The name comes from our own fixed list, never from user input.
                try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new SchemaException("Cannot count rows in " + url.redacted() + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}
