package com.example.demo;

import java.util.List;
import static java.lang.Math.max;

/**
 * A greeter — says héllo 日本 😀.
 */
@Deprecated
public class Greeter implements Named {
    private final String name = "Ünïcødé 😀";

    /** Constructs it. */
    public Greeter() { }

    /**
     * Greets someone.
     * @param who target
     */
    public String greet(String who) {
        return format(who) + helper(1);
    }

    // plain line comment
    private static String format(String s) {
        return s.trim().toUpperCase();
    }

    static class Inner {
        void run() { new Greeter().greet("x"); }
    }
}

/** Something with a name. */
interface Named {
    String name();
    default String shout() { return name().toUpperCase(); }
}

/** Colors. */
enum Color { RED, GREEN; Color next() { return values()[0]; } }

/** A point record. */
record Point(int x, int y) { int sum() { return Math.addExact(x, y); } }

@interface Marker { }
