package dev.mnemo.shell.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of long work on stderr (stdout stays clean for results): a bar redrawn in place on a terminal, a plain line
 * every few seconds otherwise (logs, CI, pipes). Rate and ETA are averaged over the whole run.
 */
public final class Progress {

    private static final long TTY_REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private static final long PLAIN_LINE_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long done;
    private long lastPrinted = started;

    public Progress(String label, String unit, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress onStderr(String label, String unit, long total, ShellMode mode) {
        return new Progress(label, unit, total, System.err, mode.terminal());
    }

    public void advance(long amount) {
        done += amount;
        long now = System.nanoTime();
        if (now - lastPrinted >= (terminal ? TTY_REDRAW_NANOS : PLAIN_LINE_NANOS)) {
            lastPrinted = now;
            print(now);
        }
    }

    /** The last line, always printed (the bar is left on screen, completed or not). */
    public void finish() {
        print(System.nanoTime());
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    public long done() {
        return done;
    }

    public double perSecond() {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void print(long now) {
        String line = line(now);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long now) {
        double seconds = Math.max((now - started) / 1e9, 1e-9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", Math.min(100, 100 * done / total)));
        }
        sb.append(done);
        if (total > 0) {
            sb.append('/').append(total);
        }
        sb.append(' ').append(unit).append(String.format("  %.0f %s/s", rate, unit));
        if (total > 0 && done < total && rate > 0) {
            sb.append("  ETA ").append(clock((long) ((total - done) / rate)));
        }
        return sb.toString();
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
