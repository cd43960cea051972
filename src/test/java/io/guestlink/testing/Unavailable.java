package io.guestlink.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from outside the repository (a database server, a large data file) is not
 * there: under CI (CI=true) the run fails, so a broken CI machine cannot turn cases green by skipping them; on a
 * newcomer's machine the test is reported as skipped, with why and how to run it.
 */
public final class Unavailable {
    private Unavailable() {
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Fails under CI, else aborts the current test (JUnit reports it skipped). Never returns normally.
     *
     * @param why   what is missing, e.g. "PostgreSQL at 127.0.0.1:5432 is not reachable (...)"
     * @param howTo how to run the cases, e.g. "start PostgreSQL or set GUESTLINK_TEST_PG"
     */
    public static RuntimeException skipOrFail(String what, String why, String howTo, Exception cause) {
        if (underCi()) throw new IllegalStateException("CI needs " + what + ": " + why, cause);
        Assumptions.abort("skipped: " + why + "; " + howTo);
        throw new AssertionError("unreachable");
    }
}
