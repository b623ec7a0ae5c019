package dev.mnemo.model.graph;

/** Which way a traversal follows edges: from source to target (OUT), back (IN), or both. */
public enum Direction {
    OUT, IN, BOTH
}
