package dev.mnemo.model.tenant;

import java.util.Locale;

/** What a key may do: READ (gets, searches, exports), WRITE (creates, updates, deletes), ADMIN (keys, operations). */
public enum Scope {
    READ, WRITE, ADMIN;

    /** The name in keys, requests and the database: read, write, admin. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope parse(String value) {
        for (Scope s : values()) {
            if (s.wire().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scope '" + value + "'; allowed: read, write, admin");
    }
}
