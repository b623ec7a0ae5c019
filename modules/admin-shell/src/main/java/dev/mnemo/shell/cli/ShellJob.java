package dev.mnemo.shell.cli;

import dev.mnemo.core.data.Job;
import java.time.Duration;

/** A data job as the shell runs it: a progress bar on stderr, stopped by Ctrl-C or after --max-batches. */
public record ShellJob(Progress progress, StopRequest stop) implements Job {

    @Override
    public void advance(long amount) {
        progress.advance(amount);
    }

    @Override
    public void finish() {
        progress.finish();
    }

    @Override
    public Duration elapsed() {
        return progress.elapsed();
    }

    @Override
    public boolean stopRequested() {
        return stop.requested();
    }

    @Override
    public boolean interrupted() {
        return stop.interrupted();
    }

    @Override
    public void batchDone() {
        stop.batchDone();
    }
}
