package dev.mnemo.model.code;

import java.util.Locale;

/** How one chunk refers to a symbol: it contains it, calls it, imports it, or extends or implements it. */
public enum EdgeKind {
    CONTAINS, CALLS, IMPORTS, EXTENDS, IMPLEMENTS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
