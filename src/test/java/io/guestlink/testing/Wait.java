package io.guestlink.testing;

import java.time.Duration;

/**
 * The one way tests wait for the application: check a condition every 50 ms until it holds or the time is up, then
 * fail with what was awaited and, when given, what the test saw last. A check that throws fails the wait at once.
 */
public final class Wait {
    private static final long EVERY_MS = 50;

    /** A condition that may need I/O (a query, a folder listing). */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Finds a value, or null while there is none yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T find() throws Exception;
    }

    private Wait() {
    }

    public static void until(String what, Duration timeout, Check done) throws Exception {
        forValue(what, timeout, () -> done.holds() ? Boolean.TRUE : null, () -> "");
    }

    /** @param seen what the failure message adds about the state at the time-out */
    public static void until(String what, Duration timeout, Check done, Probe<String> seen) throws Exception {
        forValue(what, timeout, () -> done.holds() ? Boolean.TRUE : null, seen);
    }

    public static <T> T forValue(String what, Duration timeout, Probe<T> find) throws Exception {
        return forValue(what, timeout, find, () -> "");
    }

    /** @param seen what the failure message adds about the state at the time-out (recent runs, folder listings) */
    public static <T> T forValue(String what, Duration timeout, Probe<T> find, Probe<String> seen) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = find.find();
            if (value != null) return value;
            if (System.nanoTime() >= deadline) {
                String state = seen.find();
                throw new AssertionError("not within " + timeout + ": " + what + (state == null || state.isEmpty() ? "" : "; " + state));
            }
            Thread.sleep(EVERY_MS);
        }
    }
}
