package dev.mnemo.model.tenant;

import java.util.regex.Pattern;

/**
 * Whose data a call reads and writes. Every service call and every statement carries one; PostgreSQL's row-level
 * security checks it again (docs/security.md). Ids are lower-case letters, digits, '-' and '_', at most 63.
 */
public record Tenant(String id) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** Where a MnemoLite database's rows, and a deployment without keys, live. */
    public static final Tenant DEFAULT = new Tenant("default");

    public Tenant {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A tenant id has 1 to 63 characters among a-z, 0-9, '-' and '_',"
                    + " starting with a letter or digit");
        }
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
